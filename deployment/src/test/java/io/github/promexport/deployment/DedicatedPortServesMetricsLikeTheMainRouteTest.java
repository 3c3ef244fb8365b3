package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.github.promexport.runtime.exporter.DedicatedExporter;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With a port set, test mode binds a random port on localhost, tells the application where, logs the URL once,
 * and answers like the main route: same negotiation, gzip and {@code name[]} filtering, plus {@code /-/healthy}.
 */
class DedicatedPortServesMetricsLikeTheMainRouteTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Http.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "9400")
            .setLogRecordPredicate(r -> r.getLoggerName().equals(DedicatedExporter.class.getName()))
            .assertLogRecords(records -> {
                List<String> lines = records.stream().filter(r -> r.getLevel().intValue() == Level.INFO.intValue())
                        .map(r -> ((ExtLogRecord) r).getFormattedMessage()).toList();
                assertEquals(1, lines.size(), lines::toString);
                assertTrue(lines.get(0)
                        .matches("Prometheus metrics exported on dedicated port: http://127\\.0\\.0\\.1:\\d+/metrics"),
                        lines.get(0));
            });

    @Inject
    PrometheusExporterEndpoint endpoint;

    private URI main() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return URI.create("http://localhost:" + port + "/q/metrics");
    }

    @Test
    void bindsARandomLoopbackPortInTestModeAndPublishesItsUrl() {
        URI url = endpoint.url().orElseThrow();
        assertEquals("127.0.0.1", url.getHost());
        assertNotEquals(9400, url.getPort(), "test mode binds quarkus.prometheus.export.test-port (0), not port");
        assertEquals(url.getPort(), endpoint.address().orElseThrow().getPort());
        assertEquals(url.getPort(), endpoint.port().getAsInt());
        assertEquals("/metrics", url.getPath());
    }

    @Test
    void negotiatesLikeTheMainRoute() throws IOException {
        for (String accept : new String[] { "text/plain", "application/openmetrics-text; version=1.0.0",
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
                "text/plain;q=1, application/openmetrics-text;q=0.1" }) {
            HttpResponse<String> dedicated = Http.get(endpoint.url().orElseThrow(), TIMEOUT, "Accept", accept);
            HttpResponse<String> main = Http.get(main(), TIMEOUT, "Accept", accept);
            assertEquals(200, dedicated.statusCode());
            assertEquals(main.headers().firstValue("Content-Type"), dedicated.headers().firstValue("Content-Type"), accept);
        }
    }

    @Test
    void gzipsAndFiltersByNameLikeTheMainRoute() throws IOException {
        URI filtered = URI.create(endpoint.url().orElseThrow() + "?name%5B%5D=jvm_threads_live_threads");
        HttpResponse<String> plain = Http.get(filtered, TIMEOUT);
        assertTrue(plain.body().contains("jvm_threads_live_threads "), plain.body());
        assertFalse(plain.body().contains("jvm_memory_used_bytes"), plain.body());
        HttpResponse<String> gzip = Http.get(filtered, TIMEOUT, "Accept-Encoding", "gzip");
        assertEquals("gzip", gzip.headers().firstValue("Content-Encoding").orElse(null));
        HttpResponse<String> mainGzip = Http.get(URI.create(main() + "?name%5B%5D=jvm_threads_live_threads"), TIMEOUT,
                "Accept-Encoding", "gzip");
        assertEquals(mainGzip.headers().firstValue("Content-Encoding"), gzip.headers().firstValue("Content-Encoding"));
    }

    @Test
    void answersTheHealthCheck() throws IOException {
        HttpResponse<String> healthy = Http.get(endpoint.url().orElseThrow().resolve("/-/healthy"), TIMEOUT);
        assertEquals(200, healthy.statusCode());
        assertEquals("Exporter is healthy.\n", healthy.body());
    }
}
