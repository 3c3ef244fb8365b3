package io.github.promexport.runtime.scrape;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.promexport.runtime.exposition.ClientExposition;
import io.github.promexport.runtime.exposition.SampleNameFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.Collector;

class ScraperTest {

    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Scraper scraper = new Scraper(
            new FormatNegotiator(ExpositionFormats.init(ExporterProperties.builder().build())),
            new ClientExposition(meters.getPrometheusRegistry()));

    ScraperTest() {
        meters.counter("orders.placed").increment(2);
        meters.gauge("queue.depth", 7);
    }

    @AfterEach
    void close() {
        meters.close();
    }

    @ParameterizedTest
    @ValueSource(strings = { "POST", "PUT", "DELETE", "PATCH", "OPTIONS" })
    void otherMethodsGet405WithAllow(String method) {
        FakeExchange exchange = new FakeExchange(method);
        assertTrue(scraper.rejectUnsupportedMethod(exchange));
        assertEquals(405, exchange.status);
        assertEquals("GET, HEAD", exchange.responseHeaders.get("Allow"));
        assertFalse(exchange.bodyStarted);
    }

    @Test
    void getStreamsTheExpositionAndEndsTheResponse() {
        FakeExchange exchange = new FakeExchange("GET");
        scraper.handle(exchange);
        assertEquals(200, exchange.status);
        assertEquals(TEXT, exchange.contentType);
        assertNull(exchange.contentEncoding);
        assertTrue(exchange.bodyClosed, "body closed, which ends the response");
        String body = exchange.streamed.toString(StandardCharsets.UTF_8);
        assertTrue(body.contains("orders_placed_total 2.0\n"), body);
        assertTrue(body.contains("queue_depth 7.0\n"), body);
    }

    @Test
    void headAnswersHeadersWithoutBody() {
        FakeExchange exchange = new FakeExchange("HEAD").header("Accept", "application/openmetrics-text");
        scraper.handle(exchange);
        assertEquals(200, exchange.status);
        assertTrue(exchange.contentType.startsWith("application/openmetrics-text; version=1.0.0"));
        assertNull(exchange.responseBody);
        assertFalse(exchange.bodyStarted);
        assertFalse(exchange.responseHeaders.containsKey("Content-Encoding"));
    }

    @Test
    void headAnnouncesGzipWhenGetWouldUseIt() {
        FakeExchange exchange = new FakeExchange("HEAD").header("Accept-Encoding", "gzip");
        scraper.handle(exchange);
        assertEquals("gzip", exchange.responseHeaders.get("Content-Encoding"));
    }

    @Test
    void gzipBodyDecompressesToTheExposition() throws IOException {
        FakeExchange exchange = new FakeExchange("GET").header("Accept-Encoding", "deflate, gzip");
        scraper.handle(exchange);
        assertEquals("gzip", exchange.contentEncoding);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(exchange.streamed.toByteArray()))) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(body.contains("orders_placed_total 2.0\n"), body);
        }
    }

    @Test
    void nameParametersSelectFamilies() {
        FakeExchange exchange = new FakeExchange("GET").queryParameter("name[]", "queue_depth");
        scraper.handle(exchange);
        String body = exchange.streamed.toString(StandardCharsets.UTF_8);
        assertTrue(body.contains("queue_depth 7.0"), body);
        assertFalse(body.contains("orders_placed"), body);
    }

    @Test
    void collectionFailureGives503WithOneLine() {
        Collector broken = () -> {
            throw new IllegalStateException("collector broke\nsecond line");
        };
        meters.getPrometheusRegistry().register(broken);
        FakeExchange exchange = new FakeExchange("GET");
        scraper.handle(exchange);
        assertEquals(503, exchange.status);
        assertEquals("Metrics are unavailable: IllegalStateException: collector broke second line\n",
                exchange.responseBody);
        assertFalse(exchange.bodyStarted);
        assertFalse(exchange.aborted);
    }

    @Test
    void failureAfterTheResponseStartedAbortsIt() {
        FakeExchange exchange = new FakeExchange("GET");
        exchange.failAfterBytes = 10;
        exchange.commitsOnStart = true;
        scraper.handle(exchange);
        assertTrue(exchange.aborted, "aborted");
        assertEquals(0, exchange.respondCalls, "no second response");
        assertFalse(exchange.bodyClosed, "a closed body would end the response as if complete");
    }

    @Test
    void failureBeforeAnythingWasSentGives503InsteadOfATruncatedBody() {
        FakeExchange exchange = new FakeExchange("GET");
        exchange.failAfterBytes = 10;
        exchange.commitsOnStart = false;
        scraper.handle(exchange);
        assertEquals(503, exchange.status);
        assertTrue(exchange.responseBody.startsWith("Metrics are unavailable: IOException"), exchange.responseBody);
        assertFalse(exchange.bodyClosed, "a closed body would end the response as if complete");
        assertFalse(exchange.aborted);
    }

    @ParameterizedTest
    @ValueSource(strings = { ";", ",,,", ";q=", "text/plain;q=", ";;;;", "=", "application/openmetrics-text;q=",
            "\u0000\uffff", "escaping=nonsense", "application/json;escaping=nonsense;q=" })
    void malformedAcceptGivesText(String accept) {
        FakeExchange exchange = new FakeExchange("GET").header("Accept", accept);
        scraper.handle(exchange);
        assertEquals(200, exchange.status);
        assertEquals(TEXT, exchange.contentType);
        assertTrue(exchange.bodyClosed);
    }

    @ParameterizedTest
    @ValueSource(strings = { ";", ",,,", ";q=", "gzip;q=", ";;gzip", "=", "\u0000" })
    void malformedAcceptEncodingGivesIdentity(String acceptEncoding) {
        FakeExchange exchange = new FakeExchange("GET").header("Accept-Encoding", acceptEncoding);
        scraper.handle(exchange);
        assertEquals(200, exchange.status);
        assertNull(exchange.contentEncoding);
        assertTrue(exchange.streamed.toString(StandardCharsets.UTF_8).contains("queue_depth 7.0\n"));
    }

    @Test
    void headerOfAMebibyteIsNegotiated() {
        String huge = ";".repeat(1 << 20);
        FakeExchange exchange = new FakeExchange("HEAD").header("Accept", huge).header("Accept-Encoding", huge);
        scraper.handle(exchange);
        assertEquals(200, exchange.status);
        assertEquals(TEXT, exchange.contentType);
    }

    @Test
    void runtimeExceptionBeforeTheBodyGives503() {
        FakeExchange exchange = new FakeExchange("GET");
        exchange.queryFailure = new ArrayIndexOutOfBoundsException("transport bug");
        scraper.scrape(exchange);
        assertEquals(503, exchange.status);
        assertEquals("Metrics are unavailable: ArrayIndexOutOfBoundsException: transport bug\n", exchange.responseBody);
    }

    @Test
    void noRuntimeExceptionEscapesAScrapeSoItsThreadLivesOn() {
        FakeExchange exchange = new FakeExchange("GET");
        exchange.everywhere = new IllegalStateException("broken transport");
        assertDoesNotThrow(() -> scraper.scrape(exchange));
        assertEquals(1, exchange.respondCalls, "a 503 was attempted");
        assertTrue(exchange.aborted, "the connection is dropped when even the 503 fails");
    }

    @Test
    void clientGoneMidBodyIsAbortedWithoutA503() {
        FakeExchange exchange = new FakeExchange("GET");
        exchange.goneAfterBytes = 10;
        exchange.commitsOnStart = true;
        scraper.handle(exchange);
        assertTrue(exchange.aborted, "aborted");
        assertEquals(0, exchange.respondCalls, "no 503 to a closed connection");
        assertFalse(exchange.bodyClosed);
    }

    @Test
    void clientGoneBeforeTheFirstByteGetsNo503() {
        FakeExchange exchange = new FakeExchange("GET");
        exchange.goneAfterBytes = 0;
        scraper.handle(exchange);
        assertEquals(0, exchange.respondCalls, "no 503 to a closed connection");
        assertTrue(exchange.aborted);
    }

    @Test
    void clientGoneBeforeTheEndIsNotEndedAsServed() {
        FakeExchange exchange = new FakeExchange("GET");
        exchange.gone = true;
        scraper.handle(exchange);
        assertFalse(exchange.bodyClosed, "an abandoned scrape is not ended as if served");
        assertTrue(exchange.aborted);
    }

    @Test
    void outcomesAreCountedPerEndpointAndResult() {
        PrometheusMeterRegistry self = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Scraper counting = new Scraper(
                new FormatNegotiator(ExpositionFormats.init(ExporterProperties.builder().build())),
                new ClientExposition(meters.getPrometheusRegistry()), self).forEndpoint(ScrapeOutcomes.ROUTE);
        counting.handle(new FakeExchange("GET"));
        counting.handle(new FakeExchange("HEAD"));
        FakeExchange gone = new FakeExchange("GET");
        gone.goneAfterBytes = 5;
        counting.handle(gone);
        FakeExchange broken = new FakeExchange("GET");
        broken.queryFailure = new IllegalStateException("broken");
        counting.handle(broken);
        counting.rejectBusy(new FakeExchange("GET"));
        counting.outcomes().unauthorized();
        counting.outcomes().unauthorized();
        counting.handle(new FakeExchange("POST"));

        assertEquals(2, scrapes(self, "ok"));
        assertEquals(1, scrapes(self, "client_gone"));
        assertEquals(1, scrapes(self, "failed"));
        assertEquals(1, scrapes(self, "rejected"));
        assertEquals(2, scrapes(self, "unauthorized"));
        assertEquals(4, self.get(ScrapeOutcomes.DURATION).tag("endpoint", "route").timer().count(),
                "every scrape that ran is timed; rejected and unauthorized ones did not run");
        String exposition = self.scrape();
        assertTrue(exposition.contains("# HELP prometheus_export_scrapes_total Scrapes answered"), exposition);
        assertTrue(exposition.contains("prometheus_export_scrapes_total{endpoint=\"route\",result=\"ok\"} 2.0"),
                exposition);
        assertTrue(exposition.contains("prometheus_export_scrape_duration_seconds_count{endpoint=\"route\"} 4"),
                exposition);
        self.close();
    }

    @Test
    void lastScrapeKeepsDurationUncompressedSizeAndResultPerEndpoint() throws IOException {
        PrometheusMeterRegistry self = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Scraper base = new Scraper(new FormatNegotiator(ExpositionFormats.init(ExporterProperties.builder().build())),
                new ClientExposition(meters.getPrometheusRegistry()), self);
        Scraper route = base.forEndpoint(ScrapeOutcomes.ROUTE);
        Scraper exporter = base.forEndpoint(ScrapeOutcomes.EXPORTER);
        assertEquals(List.of(ScrapeOutcomes.EXPORTER, ScrapeOutcomes.ROUTE), List.copyOf(base.endpointOutcomes().keySet()));
        assertNull(base.endpointOutcomes().get(ScrapeOutcomes.ROUTE).last(), "no scrape yet");

        FakeExchange plain = new FakeExchange("GET");
        route.handle(plain);
        LastScrape first = base.endpointOutcomes().get(ScrapeOutcomes.ROUTE).last();
        assertEquals(plain.streamed.size(), first.bytes(), "the size is the body's byte count");
        assertEquals(ScrapeOutcomes.Result.OK, first.result());
        assertEquals(TEXT, first.contentType());
        assertFalse(first.gzip());
        assertTrue(first.durationNanos() > 0);

        FakeExchange gzipped = new FakeExchange("GET").header("Accept-Encoding", "gzip");
        route.handle(gzipped);
        LastScrape second = route.outcomes().last();
        assertTrue(second.gzip());
        assertEquals(first.bytes(), second.bytes(), "the size is counted before compression");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.streamed.toByteArray()))) {
            assertEquals(second.bytes(), in.readAllBytes().length);
        }

        FakeExchange broken = new FakeExchange("GET");
        broken.queryFailure = new IllegalStateException("broken");
        route.handle(broken);
        assertEquals(ScrapeOutcomes.Result.FAILED, route.outcomes().last().result());
        assertEquals(0, route.outcomes().last().bytes());
        assertEquals(3, route.outcomes().scrapeCount());
        assertNull(exporter.outcomes().last(), "each endpoint keeps its own last scrape");
        self.close();
    }

    @Test
    void rejectedScrapeGets503WithRetryAfter() {
        FakeExchange exchange = new FakeExchange("GET");
        scraper.rejectBusy(exchange);
        assertEquals(503, exchange.status);
        assertEquals("1", exchange.responseHeaders.get("Retry-After"));
    }

    private static double scrapes(PrometheusMeterRegistry registry, String result) {
        return registry.get(ScrapeOutcomes.SCRAPES).tag("endpoint", "route").tag("result", result).counter().count();
    }

    @ParameterizedTest
    @ValueSource(strings = { "gzip", "GZIP", "x-gzip", "deflate, gzip", "gzip;q=0.5", "br;q=1, gzip ; q=0.1",
            "gzip;q=0, x-gzip" })
    void gzipIsAccepted(String acceptEncoding) {
        assertTrue(Scraper.acceptsGzip(acceptEncoding));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "identity", "deflate, br", "gzip;q=0", "gzip; q=0.0", "gzip;q=abc", "gzip;Q=0",
            "x-gzip;q=0, deflate", "gzipped" })
    void gzipIsNotAccepted(String acceptEncoding) {
        assertFalse(Scraper.acceptsGzip(acceptEncoding));
    }

    @Test
    void noAcceptEncodingMeansNoGzip() {
        assertFalse(Scraper.acceptsGzip(null));
    }

    @Test
    void nameFilterMatchesFamiliesBySampleName() {
        var filter = SampleNameFilter.of(List.of("orders_placed_total", "jvm_info", "checkout_seconds_max",
                "http_seconds_bucket"));
        assertTrue(filter.test("orders_placed"));
        assertTrue(filter.test("orders_placed_total"));
        assertTrue(filter.test("jvm"));
        assertTrue(filter.test("checkout_seconds_max"));
        assertTrue(filter.test("http_seconds"));
        assertFalse(filter.test("checkout_seconds"));
        assertFalse(filter.test("orders"));
        assertFalse(filter.test("jvm_threads_live_threads"));
    }
}
