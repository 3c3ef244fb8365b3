package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.quarkus.test.QuarkusUnitTest;

/**
 * In a range whose first port is held by another server and whose second is the application's own HTTP port,
 * the exporter takes the third.
 */
class PortRangeTakesFirstFreePortTest {

    // The build sets quarkus.http.test-port=0 as a system property, which outranks the archive's configuration:
    // this test needs the application's own port inside the range, so it lifts that property while it runs.
    private static final String HTTP_TEST_PORT = System.clearProperty("quarkus.http.test-port");

    private static final int FIRST = Ports.consecutive(PortRangeTakesFirstFreePortTest.class, 1, 2);

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Http.class, Ports.class))
            .overrideConfigKey("quarkus.http.test-port", String.valueOf(FIRST + 1))
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port-range", FIRST + "-" + (FIRST + 2));

    @Inject
    PrometheusExporterEndpoint endpoint;

    @AfterAll
    static void restoreTestPort() {
        if (HTTP_TEST_PORT != null) {
            System.setProperty("quarkus.http.test-port", HTTP_TEST_PORT);
        }
    }

    @Test
    void skipsTheBusyPortAndTheApplicationsPort() throws IOException {
        assertEquals(FIRST + 2, endpoint.address().orElseThrow().getPort());
        assertEquals(200, Http.get(endpoint.url().orElseThrow(), Duration.ofSeconds(10)).statusCode());
        assertEquals(200, Http.get(URI.create("http://localhost:" + (FIRST + 1) + "/q/metrics"), Duration.ofSeconds(10))
                .statusCode(), "the application's own server got its port");
    }
}
