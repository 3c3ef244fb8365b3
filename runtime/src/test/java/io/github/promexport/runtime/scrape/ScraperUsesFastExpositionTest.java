package io.github.promexport.runtime.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.github.promexport.runtime.exposition.ClientExposition;
import io.github.promexport.runtime.exposition.Exposition;
import io.github.promexport.runtime.exposition.fast.FastExposition;
import io.github.promexport.runtime.registry.TrackingPrometheusRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.MetricNameFilter;

/** The scrape endpoint answers the same with and without the fast exposition. */
class ScraperUsesFastExpositionTest {

    private final TrackingPrometheusRegistry prometheusRegistry = new TrackingPrometheusRegistry();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
            prometheusRegistry, Clock.SYSTEM);
    private final ExporterProperties properties = ExporterProperties.builder().build();
    private final ExpositionFormats formats = ExpositionFormats.init(properties);
    private final AtomicLong functionValue = new AtomicLong(3);
    private final Scraper fast;
    private final Scraper client;

    ScraperUsesFastExpositionTest() {
        prometheusRegistry.trackMeters(meters);
        Counter.builder("requests").tag("uri", "/a").register(meters).increment(7);
        Gauge.builder("queue.size", () -> 4).register(meters);
        FunctionCounter.builder("jobs", functionValue, AtomicLong::get).register(meters);
        Exposition exposition = FastExposition.create(meters, formats, properties);
        assertInstanceOf(FastExposition.class, exposition);
        fast = new Scraper(new FormatNegotiator(formats), exposition);
        client = new Scraper(new FormatNegotiator(formats), new ClientExposition(prometheusRegistry));
    }

    @Test
    void textOpenMetricsAndProtobufAnswerAsTheClientPath() {
        for (String accept : new String[] { null, "text/plain", "application/openmetrics-text; version=1.0.0",
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
                "text/plain; escaping=dots", "application/openmetrics-text; escaping=values" }) {
            FakeExchange ours = scrape(fast, accept, null, List.of());
            FakeExchange theirs = scrape(client, accept, null, List.of());
            assertEquals(theirs.contentType, ours.contentType, accept);
            assertEquals(theirs.body(), ours.body(), accept);
        }
        assertEquals(expected(formats.getOpenMetricsTextFormatWriter()),
                scrape(fast, "application/openmetrics-text", null, List.of()).body());
    }

    @Test
    void gzipBodyUnpacksToTheSameBytes() throws IOException {
        FakeExchange ours = scrape(fast, null, "gzip", List.of());
        assertEquals("gzip", ours.contentEncoding);
        String unpacked = new String(new GZIPInputStream(new ByteArrayInputStream(ours.bytes.toByteArray()))
                .readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(expected(formats.getPrometheusTextFormatWriter()), unpacked);
    }

    @Test
    void nameFilterTakesTheClientPath() throws IOException {
        FakeExchange ours = scrape(fast, null, null, List.of("requests_total"));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        formats.getPrometheusTextFormatWriter().write(expected, prometheusRegistry
                .scrape(MetricNameFilter.builder().nameMustBeEqualTo(List.of("requests_total")).build()));
        assertEquals(expected.toString(StandardCharsets.UTF_8), ours.body());
        assertFalse(ours.body().contains("queue_size"));
    }

    @Test
    void failingScrapeStillAnswers503() {
        functionValue.set(-5);
        FakeExchange ours = scrape(fast, null, null, List.of());
        assertEquals(503, ours.status);
        assertFalse(ours.committed);
        assertTrue(ours.body().startsWith("Metrics are unavailable: IllegalArgumentException"), ours.body());
        functionValue.set(5);
        assertEquals(200, scrape(fast, null, null, List.of()).status);
    }

    private String expected(ExpositionFormatWriter writer) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writer.write(out, prometheusRegistry.scrape(), EscapingScheme.DEFAULT);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static FakeExchange scrape(Scraper scraper, String accept, String acceptEncoding, List<String> names) {
        FakeExchange exchange = new FakeExchange(accept == null ? Map.of() : Map.of("Accept", accept),
                acceptEncoding, names);
        scraper.handle(exchange);
        return exchange;
    }

    private static final class FakeExchange implements ScrapeExchange {
        private final Map<String, String> headers;
        private final String acceptEncoding;
        private final List<String> names;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        String contentType;
        String contentEncoding;
        boolean committed;

        FakeExchange(Map<String, String> headers, String acceptEncoding, List<String> names) {
            this.headers = headers;
            this.acceptEncoding = acceptEncoding;
            this.names = names;
        }

        String body() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String header(String name) {
            return name.equals("Accept-Encoding") ? acceptEncoding : headers.get(name);
        }

        @Override
        public List<String> queryParameters(String name) {
            return name.equals("name[]") ? names : List.of();
        }

        @Override
        public void respond(int status, String contentType, String body, String... extraHeaders) {
            this.status = status;
            this.contentType = contentType;
            if (body != null) {
                bytes.writeBytes(body.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public OutputStream startBody(String contentType, String contentEncoding) {
            this.status = 200;
            this.contentType = contentType;
            this.contentEncoding = contentEncoding;
            this.committed = true;
            return bytes;
        }

        @Override
        public boolean committed() {
            return committed;
        }

        @Override
        public void abort() {
            status = -1;
        }
    }
}
