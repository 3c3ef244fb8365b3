package io.github.promexport.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.dekorate.prometheus.model.Endpoint;
import io.quarkus.test.ProdBuildResults;
import io.quarkus.test.ProdModeTestResults;
import io.quarkus.test.QuarkusProdModeTest;

/**
 * Without the dedicated exporter, with the management interface on, the route is there: quarkus-kubernetes points
 * Prometheus at {@code /q/metrics} on port 9000 from the path the extension declares, and no {@code metrics} port
 * appears.
 */
class ManagementInterfaceInManifestsTest {

    @RegisterExtension
    static final QuarkusProdModeTest app = new QuarkusProdModeTest()
            .withEmptyApplication()
            .setApplicationName("management")
            .setApplicationVersion("0.1")
            .overrideConfigKey("quarkus.management.enabled", "true");

    @ProdBuildResults
    ProdModeTestResults results;

    @Test
    void prometheusIsSentToTheManagementInterface() throws IOException {
        Manifests manifests = Manifests.read(results.getBuildDir());

        assertEquals(9000, manifests.containerPorts().get("management"));
        assertNull(manifests.containerPorts().get("metrics"));
        manifests.assertScrapeAnnotations("9000", "/q/metrics", "http");

        Endpoint endpoint = manifests.serviceMonitorEndpoint();
        assertEquals(9000, endpoint.getTargetPort().getIntVal());
        assertEquals("/q/metrics", endpoint.getPath());
        assertEquals("http", endpoint.getScheme());
        manifests.assertServiceMonitorSelectsTheService();
    }
}
