package io.github.promexport.runtime.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.jboss.logging.Logger;

import io.github.promexport.runtime.export.fast.MeterExposition;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The scrape endpoint, independent of the HTTP server that carries it: method check, content negotiation,
 * {@code name[]} filtering, gzip and error handling. It blocks while collecting and writing, so callers run it
 * off the event loop.
 */
public final class Scraper {

    private static final Logger LOG = Logger.getLogger(Scraper.class);
    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";
    private static final List<String> SAMPLE_SUFFIXES = List.of("_total", "_created", "_info", "_bucket", "_count",
            "_sum", "_gcount", "_gsum");

    private final PrometheusRegistry registry;
    private final FormatNegotiator negotiator;
    private final MeterExposition fast;

    public Scraper(PrometheusRegistry registry, FormatNegotiator negotiator) {
        this(registry, negotiator, null);
    }

    /**
     * @param fast writes Micrometer's meters without building snapshots, byte for byte as the client's text and
     *        OpenMetrics writers would; used for unfiltered scrapes with the default escaping, may be {@code null}
     */
    public Scraper(PrometheusRegistry registry, FormatNegotiator negotiator, MeterExposition fast) {
        this.registry = registry;
        this.negotiator = negotiator;
        this.fast = fast;
    }

    /**
     * Answers methods other than GET and HEAD; returns {@code true} when it did, so that transports can do
     * this cheap check before handing the exchange to a scrape thread.
     */
    public boolean rejectUnsupportedMethod(ScrapeExchange exchange) {
        String method = exchange.method();
        if (method.equals("GET") || method.equals("HEAD")) {
            return false;
        }
        exchange.respond(405, PLAIN_TEXT, "Method " + method + " is not allowed on the metrics endpoint: use GET or HEAD\n",
                "Allow", "GET, HEAD");
        return true;
    }

    public void handle(ScrapeExchange exchange) {
        if (rejectUnsupportedMethod(exchange)) {
            return;
        }
        ExpositionFormat format = negotiator.negotiate(exchange.header("Accept"));
        String encoding = acceptsGzip(exchange.header("Accept-Encoding")) ? "gzip" : null;
        if (exchange.method().equals("HEAD")) {
            if (encoding == null) {
                exchange.respond(200, format.contentType(), null);
            } else {
                exchange.respond(200, format.contentType(), null, "Content-Encoding", encoding);
            }
            return;
        }
        try {
            List<String> names = exchange.queryParameters("name[]");
            if (fast != null && names.isEmpty() && fast.supports(format.writer(), format.escaping())) {
                // Every meter is read and rendered before the response starts, so a failure is still a 503.
                MeterExposition.PreparedScrape scrape = fast.prepare(format.writer());
                OutputStream out = startBody(exchange, format, encoding);
                scrape.writeTo(out);
                out.close();
                return;
            }
            MetricSnapshots snapshots = collect(names);
            OutputStream out = startBody(exchange, format, encoding);
            format.writer().write(out, snapshots, format.escaping());
            // Closed on success only: closing ends the response, which after a failure would pass a truncated body
            // off as complete (a 200 with a Content-Length when it fitted in one chunk) instead of a 503 or a reset.
            out.close();
        } catch (IOException | RuntimeException e) {
            fail(exchange, e);
        }
    }

    private static OutputStream startBody(ScrapeExchange exchange, ExpositionFormat format, String encoding)
            throws IOException {
        OutputStream body = exchange.startBody(format.contentType(), encoding);
        return encoding == null ? body : new FastGzipOutputStream(body);
    }

    private MetricSnapshots collect(List<String> names) {
        if (names.isEmpty()) {
            return registry.scrape();
        }
        return registry.scrape(metricNamesFor(names));
    }

    /**
     * Selects the metric families whose samples carry one of {@code sampleNames}. A family's name lacks the suffixes
     * of its samples ({@code orders_placed} for {@code orders_placed_total}, {@code jvm} for {@code jvm_info}), so a
     * name matches the family itself or the family plus one of those suffixes. The client library's
     * {@code MetricNameFilter} tests whether the requested name merely starts with the family name, which returns
     * {@code jvm_info} for every {@code jvm_*} request and {@code checkout_seconds} for
     * {@code checkout_seconds_max}.
     */
    static Predicate<String> metricNamesFor(List<String> sampleNames) {
        Set<String> requested = new HashSet<>(sampleNames);
        return metricName -> {
            if (requested.contains(metricName)) {
                return true;
            }
            for (String suffix : SAMPLE_SUFFIXES) {
                if (requested.contains(metricName + suffix)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static void fail(ScrapeExchange exchange, Exception e) {
        if (exchange.committed()) {
            LOG.errorf(e, "Scrape failed after the response had started; the connection is reset");
            exchange.abort();
            return;
        }
        LOG.errorf(e, "Scrape failed; answering 503");
        String reason = String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' ');
        try {
            exchange.respond(503, PLAIN_TEXT,
                    "Metrics are unavailable: " + e.getClass().getSimpleName() + ": " + reason + "\n");
        } catch (RuntimeException gone) {
            // The scraper hung up before the 503 could be sent; the failure is logged above.
            LOG.debugf(gone, "Could not send the 503: the connection is gone");
        }
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!name.equals("gzip") && !name.equals("x-gzip")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                // Parameter names are case-insensitive: "gzip;Q=0" refuses gzip too.
                String param = parts[i].replace(" ", "").toLowerCase(Locale.ROOT);
                if (param.startsWith("q=")) {
                    try {
                        refused = Double.parseDouble(param.substring(2)) <= 0;
                    } catch (NumberFormatException e) {
                        refused = true;
                    }
                }
            }
            if (!refused) {
                return true;
            }
        }
        return false;
    }

    /**
     * Exposition text is highly repetitive: the fastest deflate level already shrinks it to about a tenth, and
     * a scrape should cost the application as little CPU as possible.
     */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, 8192);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
