package io.github.promexport.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.dekorate.prometheus.model.Endpoint;
import io.quarkus.test.ProdBuildResults;
import io.quarkus.test.ProdModeTestResults;
import io.quarkus.test.QuarkusProdModeTest;

/**
 * Neither the exporter nor the management interface: Prometheus is sent to the route on the main port, at the path
 * {@code quarkus.prometheus.path} resolves to.
 */
class MainRouteInManifestsTest {

    @RegisterExtension
    static final QuarkusProdModeTest app = new QuarkusProdModeTest()
            .withEmptyApplication()
            .setApplicationName("main-route")
            .setApplicationVersion("0.1")
            .overrideConfigKey("quarkus.prometheus.path", "/prometheus");

    @ProdBuildResults
    ProdModeTestResults results;

    @Test
    void prometheusIsSentToTheMainPort() throws IOException {
        Manifests manifests = Manifests.read(results.getBuildDir());

        assertEquals(Map.of("http", 8080), manifests.containerPorts());
        manifests.assertScrapeAnnotations("8080", "/prometheus", "http");

        Endpoint endpoint = manifests.serviceMonitorEndpoint();
        assertEquals(8080, endpoint.getTargetPort().getIntVal());
        assertEquals("/prometheus", endpoint.getPath());
        assertEquals("http", endpoint.getScheme());
        manifests.assertServiceMonitorSelectsTheService();
    }
}
