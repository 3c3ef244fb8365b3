package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.quarkus.test.QuarkusUnitTest;

/** {@code auth.protect-health=true}: {@code /-/healthy} needs the credentials like the metrics. */
class DedicatedPortProtectsHealthWhenAskedTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Http.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "9400")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.auth.bearer-token", "t0ken")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.auth.protect-health", "true");

    @Inject
    PrometheusExporterEndpoint endpoint;

    @Test
    void healthNeedsTheToken() {
        URI healthy = endpoint.url().orElseThrow().resolve("/-/healthy");
        HttpResponse<byte[]> response = Http.get(healthy);
        assertEquals(401, response.statusCode());
        assertEquals(List.of("Bearer realm=\"prometheus-export\""), response.headers().allValues("WWW-Authenticate"));
        assertEquals(200, Http.get(healthy, "Authorization", "Bearer t0ken").statusCode());
    }
}
