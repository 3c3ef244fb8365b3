package io.github.promexport.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.dekorate.prometheus.model.Endpoint;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.quarkus.test.ProdBuildResults;
import io.quarkus.test.ProdModeTestResults;
import io.quarkus.test.QuarkusProdModeTest;

/**
 * With {@code quarkus.prometheus.export.port} the manifests send Prometheus to the dedicated exporter: a container
 * port named {@code metrics}, the same port on the Service, the annotations and the ServiceMonitor on it, with the
 * exporter's path, never the route's {@code /q/metrics} on 8080.
 */
class DedicatedExporterPortInManifestsTest {

    @RegisterExtension
    static final QuarkusProdModeTest app = new QuarkusProdModeTest()
            .withEmptyApplication()
            .setApplicationName("exporter-port")
            .setApplicationVersion("0.1")
            .overrideConfigKey("quarkus.prometheus.export.port", "9400");

    @ProdBuildResults
    ProdModeTestResults results;

    @Test
    void prometheusIsSentToTheExporterPort() throws IOException {
        Manifests manifests = Manifests.read(results.getBuildDir());

        assertEquals(Map.of("http", 8080, "metrics", 9400), manifests.containerPorts());
        ServicePort servicePort = manifests.service().getSpec().getPorts().stream()
                .filter(port -> "metrics".equals(port.getName())).findFirst().orElseThrow();
        assertEquals(9400, servicePort.getTargetPort().getIntVal());

        manifests.assertScrapeAnnotations("9400", "/metrics", "http");

        Endpoint endpoint = manifests.serviceMonitorEndpoint();
        assertEquals("metrics", endpoint.getPort());
        assertNull(endpoint.getTargetPort(), "the endpoint names the Service port, not a pod port number");
        assertEquals("/metrics", endpoint.getPath());
        assertEquals("http", endpoint.getScheme());
        manifests.assertServiceMonitorSelectsTheService();
    }
}
