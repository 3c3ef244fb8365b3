package io.github.promexport.runtime.exporter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.github.promexport.runtime.scrape.Scraper;

/**
 * Everything the dedicated exporter's port answers: the metrics path through the shared {@link Scraper} (so
 * negotiation, gzip and {@code name[]} behave exactly as on the main route), {@code /-/healthy} like the
 * Prometheus client's own HTTP server, and a 404 naming the metrics path for anything else. It runs on the
 * exporter's own threads and blocks them while scraping, which is what they are for.
 */
final class ExporterHttpHandler implements HttpHandler {

    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    private final Scraper scraper;
    private final String metricsPath;
    private final ExporterAuthenticator authenticator;

    ExporterHttpHandler(Scraper scraper, String metricsPath, ExporterAuthenticator authenticator) {
        this.scraper = scraper;
        this.metricsPath = metricsPath;
        this.authenticator = authenticator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!authenticator.permits(path, exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().put("WWW-Authenticate", authenticator.challenges());
            send(exchange, 401, exchange.getRequestMethod().equals("HEAD") ? null
                    : "Unauthorized: the exporter needs credentials (HTTP Basic or a bearer token)\n");
            return;
        }
        if (path.equals(metricsPath)) {
            HttpServerScrapeExchange scrape = new HttpServerScrapeExchange(exchange);
            scraper.handle(scrape);
            if (scrape.aborted()) {
                // Thrown out of the handler, the JDK server closes the connection without ending the response,
                // so the scraper sees a broken response instead of a truncated one that looks complete.
                throw new IOException("Scrape failed after the response had started");
            }
            exchange.close();
            return;
        }
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        if (path.equals(ExporterSettings.HEALTHY_PATH)) {
            send(exchange, 200, head ? null : "Exporter is healthy.\n");
        } else {
            send(exchange, 404, head ? null : "Not found: the metrics are served at " + metricsPath + "\n");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", PLAIN_TEXT);
            if (body == null) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
