package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.quarkus.test.QuarkusUnitTest;

/**
 * In a range whose first port is held by another server and whose second is the application's own HTTP port,
 * the exporter takes the third.
 */
class PortRangeTakesFirstFreePortTest {

    private static final int FIRST = Ports.consecutive(PortRangeTakesFirstFreePortTest.class, 1, 2);

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Http.class, Ports.class))
            .overrideRuntimeConfigKey("quarkus.http.test-port", String.valueOf(FIRST + 1))
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port-range", FIRST + "-" + (FIRST + 2));

    @Inject
    PrometheusExporterEndpoint endpoint;

    @Test
    void skipsTheBusyPortAndTheApplicationsPort() throws IOException {
        assertEquals(FIRST + 2, endpoint.address().orElseThrow().getPort());
        assertEquals(200, Http.get(endpoint.url().orElseThrow(), Duration.ofSeconds(10)).statusCode());
        assertEquals(200, Http.get(URI.create("http://localhost:" + (FIRST + 1) + "/q/metrics"), Duration.ofSeconds(10))
                .statusCode(), "the application's own server got its port");
    }
}
