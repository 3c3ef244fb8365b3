package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.quarkus.test.QuarkusUnitTest;

/** Without a port or a port range, no exporter thread or port exists, and the endpoint bean says so. */
class NoDedicatedExporterWithoutPortTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    PrometheusExporterEndpoint endpoint;

    @Test
    void startsNoExporter() {
        assertTrue(endpoint.url().isEmpty());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("prometheus-exporter-")));
    }
}
