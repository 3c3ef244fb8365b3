package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.quarkus.test.QuarkusUnitTest;

/** Once the application has stopped, its exporter port can be bound again. */
class ExporterPortReleasedOnStopTest {

    // Read after the application stopped, by the copy of this class that JUnit loaded: a system property is
    // shared by both copies.
    private static final String PORT_PROPERTY = "promexport.test.ExporterPortReleasedOnStopTest.port";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Ports.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0")
            .setAfterUndeployListener(() -> {
                int port = Integer.parseInt(System.getProperty(PORT_PROPERTY));
                System.clearProperty(PORT_PROPERTY);
                assertTrue(Ports.isFree(port), "port " + port + " is released once the application has stopped");
            });

    @Inject
    PrometheusExporterEndpoint endpoint;

    @Test
    void holdsThePortWhileRunning() {
        int port = endpoint.address().orElseThrow().getPort();
        assertFalse(Ports.isFree(port), "the exporter holds port " + port);
        System.setProperty(PORT_PROPERTY, String.valueOf(port));
    }
}
