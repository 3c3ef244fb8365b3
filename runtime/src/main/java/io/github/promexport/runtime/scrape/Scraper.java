package io.github.promexport.runtime.scrape;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.jboss.logging.Logger;

import io.github.promexport.runtime.exposition.Exposition;
import io.github.promexport.runtime.exposition.ExpositionFormat;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The scrape protocol, independent of the HTTP server that carries it: the method (checked once), content
 * negotiation including the encoding, starting the body, and failure handling. What the body holds is the
 * {@link Exposition}'s business. It blocks while rendering and writing, so transports run {@link #scrape} off their
 * I/O threads.
 * <p>
 * Failures are told apart for the operator: a scraper that hangs up ({@link ClientGoneException}, or
 * {@link ScrapeExchange#clientGone()}) is logged at DEBUG and counted as {@code client_gone}; anything else that
 * stops a scrape is one ERROR with its stack trace, a 503 when the status line has not been sent yet (a reset
 * after), and counted as {@code failed}. A {@link RuntimeException} never escapes {@link #scrape}: it would leave the
 * exchange unanswered.
 */
public final class Scraper {

    private static final Logger LOG = Logger.getLogger(Scraper.class);
    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    private final FormatNegotiator negotiator;
    private final Exposition exposition;
    private final MeterRegistry selfMetrics;
    private final ScrapeOutcomes outcomes;
    /** Every endpoint's outcomes, shared by a scraper and its endpoint scrapers, for {@link #lastScrapes()}. */
    private final Map<String, ScrapeOutcomes> endpoints;

    /** A scraper without self-metrics. */
    public Scraper(FormatNegotiator negotiator, Exposition exposition) {
        this(negotiator, exposition, null, ScrapeOutcomes.none(), new ConcurrentSkipListMap<>());
    }

    /**
     * A scraper whose {@link #forEndpoint endpoint scrapers} record {@link ScrapeOutcomes} in
     * {@code selfMetrics}, the application's registry.
     */
    public Scraper(FormatNegotiator negotiator, Exposition exposition, MeterRegistry selfMetrics) {
        this(negotiator, exposition, selfMetrics, ScrapeOutcomes.none(), new ConcurrentSkipListMap<>());
    }

    private Scraper(FormatNegotiator negotiator, Exposition exposition, MeterRegistry selfMetrics,
            ScrapeOutcomes outcomes, Map<String, ScrapeOutcomes> endpoints) {
        this.negotiator = negotiator;
        this.exposition = exposition;
        this.selfMetrics = selfMetrics;
        this.outcomes = outcomes;
        this.endpoints = endpoints;
    }

    /**
     * The same scrape logic, counting its scrapes under {@code endpoint} ({@link ScrapeOutcomes#ROUTE},
     * {@link ScrapeOutcomes#EXPORTER}). Each transport takes one at startup.
     */
    public Scraper forEndpoint(String endpoint) {
        ScrapeOutcomes endpointOutcomes = selfMetrics == null ? ScrapeOutcomes.none()
                : ScrapeOutcomes.register(selfMetrics, endpoint);
        if (selfMetrics != null) {
            endpoints.put(endpoint, endpointOutcomes);
        }
        return new Scraper(negotiator, exposition, selfMetrics, endpointOutcomes, endpoints);
    }

    /**
     * The outcomes of every endpoint scraper created so far, by endpoint name in alphabetical order: what the Dev UI
     * reads for the last scrape's duration and size. Empty for a scraper without self-metrics.
     */
    public Map<String, ScrapeOutcomes> endpointOutcomes() {
        return Collections.unmodifiableMap(endpoints);
    }

    /** Where transports record what they answer without scraping (rejected, unauthorized). */
    public ScrapeOutcomes outcomes() {
        return outcomes;
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

    /**
     * Answers a scrape that the scrape threads cannot take (their queue is full, or they are shutting down):
     * {@code 503} with {@code Retry-After}, counted as {@code rejected}.
     */
    public void rejectBusy(ScrapeExchange exchange) {
        outcomes.rejected();
        exchange.respond(503, PLAIN_TEXT, "Metrics are unavailable: too many scrapes are already waiting, retry later\n",
                "Retry-After", "1");
    }

    /** Answers one request: {@link #rejectUnsupportedMethod}, then {@link #scrape}, on the calling thread. */
    public void handle(ScrapeExchange exchange) {
        if (!rejectUnsupportedMethod(exchange)) {
            scrape(exchange);
        }
    }

    /**
     * Answers a GET or HEAD whose method {@link #rejectUnsupportedMethod} has already accepted, so that a transport
     * that checks the method on its I/O thread and scrapes on another checks it once.
     */
    public void scrape(ScrapeExchange exchange) {
        long start = System.nanoTime();
        ExpositionFormat format = null;
        String encoding = null;
        CountingOutputStream counted = null;
        try {
            // Negotiation is inside the try: whatever a header holds, the exchange is answered.
            format = negotiator.negotiate(exchange.header("Accept"));
            encoding = acceptsGzip(exchange.header("Accept-Encoding")) ? "gzip" : null;
            if (exchange.method().equals("HEAD")) {
                if (encoding == null) {
                    exchange.respond(200, format.contentType(), null);
                } else {
                    exchange.respond(200, format.contentType(), null, "Content-Encoding", encoding);
                }
            } else {
                // Every value is read before the response starts, so a failure here is still a 503. The body then
                // streams: a failure while writing it is a 503 while nothing has been sent (the transport commits
                // with its first chunk), a reset after.
                Exposition.Body body = exposition.render(format, exchange.queryParameters("name[]"));
                OutputStream out = startBody(exchange, format, encoding);
                // Counts the exposition's bytes before gzip: one addition per write of a whole buffer.
                counted = new CountingOutputStream(out);
                body.writeTo(counted);
                if (exchange.clientGone()) {
                    // Ending the response would pass an abandoned scrape off as served.
                    throw new ClientGoneException("The scraper closed the connection before the last byte");
                }
                // Closed on success only: closing ends the response, which after a failure would pass a truncated
                // body off as complete (a 200 with a Content-Length when it fitted in one chunk) instead of a 503 or
                // a reset.
                out.close();
            }
            record(start, ScrapeOutcomes.Result.OK, format, encoding, counted);
        } catch (IOException | RuntimeException e) {
            record(start, fail(exchange, e), format, encoding, counted);
        } catch (Error e) {
            // Answer if we still can (an OutOfMemoryError may have freed what it needed by now), then let it go on.
            record(start, fail(exchange, e), format, encoding, counted);
            throw e;
        }
    }

    private void record(long start, ScrapeOutcomes.Result result, ExpositionFormat format, String encoding,
            CountingOutputStream counted) {
        outcomes.scraped(result, System.nanoTime() - start, counted == null ? 0 : counted.count,
                format == null ? null : format.contentType(), encoding != null);
    }

    private static OutputStream startBody(ScrapeExchange exchange, ExpositionFormat format, String encoding)
            throws IOException {
        OutputStream body = exchange.startBody(format.contentType(), encoding);
        return encoding == null ? body : new FastGzipOutputStream(body);
    }

    private static ScrapeOutcomes.Result fail(ScrapeExchange exchange, Throwable e) {
        if (clientGone(exchange, e)) {
            // Prometheus hangs up at its scrape_timeout: the client's business, and nobody to answer.
            LOG.debugf("Scrape abandoned by the client: %s", e);
            abort(exchange);
            return ScrapeOutcomes.Result.CLIENT_GONE;
        }
        if (committed(exchange)) {
            LOG.errorf(e, "Scrape failed after the response had started; the connection is reset");
            abort(exchange);
            return ScrapeOutcomes.Result.FAILED;
        }
        LOG.errorf(e, "Scrape failed; answering 503");
        String reason = String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' ');
        try {
            exchange.respond(503, PLAIN_TEXT,
                    "Metrics are unavailable: " + e.getClass().getSimpleName() + ": " + reason + "\n");
        } catch (RuntimeException gone) {
            // The scraper hung up before the 503 could be sent; the failure is logged above.
            LOG.debugf(gone, "Could not send the 503: the connection is gone");
            abort(exchange);
        }
        return ScrapeOutcomes.Result.FAILED;
    }

    private static boolean clientGone(ScrapeExchange exchange, Throwable e) {
        if (e instanceof ClientGoneException) {
            return true;
        }
        try {
            return exchange.clientGone();
        } catch (RuntimeException unknown) {
            return false;
        }
    }

    private static boolean committed(ScrapeExchange exchange) {
        try {
            return exchange.committed();
        } catch (RuntimeException unknown) {
            // Cannot tell: a reset is the answer that never looks like a complete response.
            return true;
        }
    }

    private static void abort(ScrapeExchange exchange) {
        try {
            exchange.abort();
        } catch (RuntimeException e) {
            LOG.debugf(e, "Could not reset the connection");
        }
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            // A limit of -1 keeps empty parts, so ";" gives two empty parts rather than none.
            String[] parts = coding.split(";", -1);
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

    /** Counts what the exposition writes; not synchronized, as one scrape thread writes a body. */
    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() {
            // The scrape closes the underlying stream itself, on success only.
        }
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
