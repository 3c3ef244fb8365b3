package io.github.promexport.runtime.scrape;

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
