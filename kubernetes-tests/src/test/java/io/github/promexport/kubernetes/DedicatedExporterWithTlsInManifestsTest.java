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
 * An exporter with a TLS configuration serves HTTPS only: the manifests say {@code https} in the scheme annotation
 * and the ServiceMonitor, and carry the exporter's own path ({@code quarkus.prometheus.export.path}).
 */
class DedicatedExporterWithTlsInManifestsTest {

    @RegisterExtension
    static final QuarkusProdModeTest app = new QuarkusProdModeTest()
            .withEmptyApplication()
            .setApplicationName("exporter-tls")
            .setApplicationVersion("0.1")
            .overrideConfigKey("quarkus.prometheus.export.port", "9443")
            .overrideConfigKey("quarkus.prometheus.export.path", "prometheus")
            .overrideConfigKey("quarkus.prometheus.export.tls-configuration-name", "metrics-tls");

    @ProdBuildResults
    ProdModeTestResults results;

    @Test
    void prometheusIsSentToTheExporterOverHttps() throws IOException {
        Manifests manifests = Manifests.read(results.getBuildDir());

        assertEquals(Map.of("http", 8080, "metrics", 9443), manifests.containerPorts());
        manifests.assertScrapeAnnotations("9443", "/prometheus", "https");

        Endpoint endpoint = manifests.serviceMonitorEndpoint();
        assertEquals("metrics", endpoint.getPort());
        assertEquals("/prometheus", endpoint.getPath());
        assertEquals("https", endpoint.getScheme());
        manifests.assertServiceMonitorSelectsTheService();
    }
}
