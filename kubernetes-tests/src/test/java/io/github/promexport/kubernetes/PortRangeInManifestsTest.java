package io.github.promexport.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.dekorate.prometheus.model.Endpoint;
import io.quarkus.test.ProdBuildResults;
import io.quarkus.test.ProdModeTestResults;
import io.quarkus.test.QuarkusProdModeTest;

/**
 * A port range in a pod: one process per pod, so the range's first port is the container port, and one build-time
 * warning names the key, the value, the port chosen and the fix.
 */
class PortRangeInManifestsTest {

    @RegisterExtension
    static final QuarkusProdModeTest app = new QuarkusProdModeTest()
            .withEmptyApplication()
            .setApplicationName("port-range")
            .setApplicationVersion("0.1")
            .overrideConfigKey("quarkus.prometheus.export.port-range", "9401-9450")
            .setLogRecordPredicate(record -> record.getLoggerName().startsWith("io.github.promexport"));

    @ProdBuildResults
    ProdModeTestResults results;

    @Test
    void theRangesFirstPortIsDeclaredAndOneWarningSaysSo() throws IOException {
        Manifests manifests = Manifests.read(results.getBuildDir());

        assertEquals(Map.of("http", 8080, "metrics", 9401), manifests.containerPorts());
        manifests.assertScrapeAnnotations("9401", "/metrics", "http");
        Endpoint endpoint = manifests.serviceMonitorEndpoint();
        assertEquals("metrics", endpoint.getPort());
        assertEquals("/metrics", endpoint.getPath());

        List<LogRecord> warnings = results.getRetainedBuildLogRecords().stream()
                .filter(record -> record.getLevel().intValue() >= Level.WARNING.intValue())
                .toList();
        assertEquals(1, warnings.size(), () -> "warnings: " + warnings.stream().map(LogRecord::getMessage).toList());
        String message = ((ExtLogRecord) warnings.get(0)).getFormattedMessage();
        assertEquals("quarkus.prometheus.export.port-range=9401-9450: a pod runs one process, so the Kubernetes"
                + " manifests declare the range's first port, 9401, as the container port 'metrics' that Prometheus"
                + " scrapes. Set quarkus.prometheus.export.port=9401 to say so explicitly.", message);
    }
}
