package io.github.promexport.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.ProdBuildResults;
import io.quarkus.test.ProdModeTestResults;
import io.quarkus.test.QuarkusProdModeTest;

/**
 * For the exporter the extension writes the annotations and the ServiceMonitor itself, so it must follow Quarkus's
 * own keys the way quarkus-kubernetes does for the route: another annotation prefix, and no ServiceMonitor when
 * {@code generate-service-monitor=false}.
 */
class ExporterFollowsQuarkusPrometheusKeysTest {

    @RegisterExtension
    static final QuarkusProdModeTest app = new QuarkusProdModeTest()
            .withEmptyApplication()
            .setApplicationName("exporter-keys")
            .setApplicationVersion("0.1")
            .overrideConfigKey("quarkus.prometheus.export.port", "9400")
            .overrideConfigKey("quarkus.kubernetes.prometheus.prefix", "metrics.example.com")
            .overrideConfigKey("quarkus.kubernetes.prometheus.generate-service-monitor", "false");

    @ProdBuildResults
    ProdModeTestResults results;

    @Test
    void annotationsUseThePrefixAndNoServiceMonitorIsWritten() throws IOException {
        Manifests manifests = Manifests.read(results.getBuildDir());

        assertEquals(9400, manifests.containerPorts().get("metrics"));
        manifests.assertScrapeAnnotations("metrics.example.com", "9400", "/metrics", "http");
        assertTrue(manifests.service().getMetadata().getAnnotations().keySet().stream()
                .noneMatch(key -> key.startsWith("prometheus.io/")), "no prometheus.io/* annotation is left");
        assertTrue(manifests.serviceMonitors().isEmpty(), "ServiceMonitors: " + manifests.serviceMonitors().size());
    }
}
