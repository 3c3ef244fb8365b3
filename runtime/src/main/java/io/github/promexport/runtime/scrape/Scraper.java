package io.github.promexport.runtime.scrape;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.jboss.logging.Logger;

import io.github.promexport.runtime.exposition.Exposition;
import io.github.promexport.runtime.exposition.ExpositionFormat;

/**
 * The scrape protocol, independent of the HTTP server that carries it: the method (checked once), content
 * negotiation including the encoding, starting the body, and failure handling. What the body holds is the
 * {@link Exposition}'s business. It blocks while rendering and writing, so transports run {@link #scrape} off their
 * I/O threads.
 */
public final class Scraper {

    private static final Logger LOG = Logger.getLogger(Scraper.class);
    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    private final FormatNegotiator negotiator;
    private final Exposition exposition;

    public Scraper(FormatNegotiator negotiator, Exposition exposition) {
        this.negotiator = negotiator;
        this.exposition = exposition;
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
            // Every value is read before the response starts, so a failure here is still a 503.
            Exposition.Body body = exposition.render(format, exchange.queryParameters("name[]"));
            OutputStream out = startBody(exchange, format, encoding);
            body.writeTo(out);
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
