package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * Prometheus hangs up on a scrape that outlives its {@code scrape_timeout}. Such a scrape, abandoned mid-body or
 * before its first byte, is one DEBUG line and a {@code client_gone} count: no ERROR, no "answering 503".
 */
class AbandonedScrapeLogsNoErrorTest {

    /** About 10 MB of exposition: far more than the socket buffers between the server and a client that stops. */
    static final int SERIES = 40_000;

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(ManySeries.class, RawHttp.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0")
            .overrideConfigKey("quarkus.log.category.\"io.github.promexport\".level", "DEBUG")
            .setLogRecordPredicate(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()
                    || r.getLoggerName().startsWith("io.github.promexport"))
            .assertLogRecords(records -> {
                List<String> errors = records.stream().filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                        .map(AbandonedScrapeLogsNoErrorTest::line).toList();
                assertEquals(List.of(), errors);
                List<String> ours = records.stream().map(AbandonedScrapeLogsNoErrorTest::line).toList();
                assertTrue(ours.stream().noneMatch(l -> l.contains("503")), ours::toString);
                assertTrue(ours.stream().filter(l -> l.startsWith("DEBUG Scrape abandoned by the client")).count() >= 3,
                        ours::toString);
            });

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Inject
    PrometheusMeterRegistry registry;

    @Inject
    PrometheusExporterEndpoint exporter;

    @Test
    void exporterScrapeAbandonedMidBodyIsClientGone() throws Exception {
        double before = scrapes("exporter", "client_gone");
        hangUpMidBody(exporter.port().orElseThrow(), "/metrics");
        awaitScrapes("exporter", "client_gone", before + 1);
    }

    @Test
    void exporterScrapeAbandonedBeforeTheFirstByteIsClientGone() throws Exception {
        double before = scrapes("exporter", "client_gone");
        hangUpBeforeTheFirstByte(exporter.port().orElseThrow(), "/metrics");
        awaitScrapes("exporter", "client_gone", before + 1);
    }

    @Test
    void routeScrapeAbandonedBeforeTheFirstByteIsClientGone() throws Exception {
        double before = scrapes("route", "client_gone");
        hangUpBeforeTheFirstByte(metrics.getPort(), "/q/metrics");
        awaitScrapes("route", "client_gone", before + 1);
    }

    @Test
    void routeScrapeAbandonedMidBodyIsClientGone() throws Exception {
        double before = scrapes("route", "client_gone");
        hangUpMidBody(metrics.getPort(), "/q/metrics");
        awaitScrapes("route", "client_gone", before + 1);
    }

    /** Reads the status line and a little more, then closes with most of the body unread (a reset). */
    private static void hangUpMidBody(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setReceiveBufferSize(4096);
            socket.setSoTimeout(10_000);
            RawHttp.send(socket, path);
            InputStream in = socket.getInputStream();
            byte[] first = in.readNBytes(200);
            assertTrue(new String(first, 0, 12).startsWith("HTTP/1.1 200"), new String(first));
        }
    }

    /** Sends the request and closes at once, while the server is still reading the meters. */
    private static void hangUpBeforeTheFirstByte(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            RawHttp.send(socket, path);
        }
    }

    private void awaitScrapes(String endpoint, String result, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (scrapes(endpoint, result) < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, scrapes(endpoint, result), endpoint + " " + result + "; ok: " + scrapes(endpoint, "ok")
                + ", failed: " + scrapes(endpoint, "failed"));
    }

    private double scrapes(String endpoint, String result) {
        Counter counter = registry.find("prometheus.export.scrapes").tags("endpoint", endpoint, "result", result)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static String line(LogRecord record) {
        return record.getLevel() + " " + ((ExtLogRecord) record).getFormattedMessage();
    }

    @Singleton
    public static class ManySeries implements MeterBinder {
        @Override
        public void bindTo(MeterRegistry registry) {
            String padding = "p".repeat(200);
            for (int i = 0; i < SERIES; i++) {
                Gauge.builder("many.series", () -> 1).tag("index", String.valueOf(i)).tag("padding", padding)
                        .register(registry);
            }
        }
    }
}
