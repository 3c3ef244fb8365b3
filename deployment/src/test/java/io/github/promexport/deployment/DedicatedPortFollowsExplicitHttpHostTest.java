package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.github.promexport.runtime.exporter.DedicatedExporter;
import io.quarkus.test.QuarkusUnitTest;

/**
 * An application that pins {@code quarkus.http.host} gets its dedicated exporter on the same address, not on
 * every interface, and the logged URL is the one to paste. ({@code 127.0.0.2} is a loopback address that neither
 * the test-mode default, {@code localhost}, nor the production default, {@code 0.0.0.0}, would give.)
 */
class DedicatedPortFollowsExplicitHttpHostTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Http.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.http.host", "127.0.0.2")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0")
            .setLogRecordPredicate(r -> r.getLoggerName().equals(DedicatedExporter.class.getName()))
            .assertLogRecords(records -> {
                List<String> lines = records.stream().filter(r -> r.getLevel().intValue() == Level.INFO.intValue())
                        .map(r -> ((ExtLogRecord) r).getFormattedMessage()).toList();
                assertEquals(1, lines.size(), lines::toString);
                assertTrue(lines.get(0)
                        .matches("Prometheus metrics exported on dedicated port: http://127\\.0\\.0\\.2:\\d+/metrics"),
                        lines.get(0));
            });

    @Inject
    PrometheusExporterEndpoint endpoint;

    @Test
    void bindsTheApplicationsHostAndServesThere() throws Exception {
        URI url = endpoint.url().orElseThrow();
        assertEquals("127.0.0.2", url.getHost());
        assertEquals(200, Http.get(url, Duration.ofSeconds(10)).statusCode());
    }
}
