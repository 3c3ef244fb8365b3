package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With HTTP Basic credentials and a bearer token configured, the dedicated port serves the metrics to a scrape that
 * sends either, answers {@code 401} with one {@code WWW-Authenticate} challenge per scheme to anything else, and
 * keeps {@code /-/healthy} open for probes. Bound to loopback, so no clear-text warning is logged.
 */
class DedicatedPortRequiresCredentialsTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Http.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "9400")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.auth.basic.username", "prometheus")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.auth.basic.password", "pa55:word")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.auth.bearer-token", "0123456789abcdef")
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.github.promexport")
                    && r.getLevel().intValue() >= Level.WARNING.intValue())
            .assertLogRecords(records -> assertEquals(List.of(), records.stream().map(r -> r.getMessage()).toList()));

    @Inject
    PrometheusExporterEndpoint endpoint;

    @Inject
    MeterRegistry registry;

    private URI uri(String path) {
        return endpoint.url().orElseThrow().resolve(path);
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void scrapeWithoutCredentialsGets401WithBothChallenges() {
        HttpResponse<byte[]> response = Http.get(uri("/metrics"));
        assertEquals(401, response.statusCode());
        assertEquals(List.of("Basic realm=\"prometheus-export\", charset=\"UTF-8\"", "Bearer realm=\"prometheus-export\""),
                response.headers().allValues("WWW-Authenticate"));
        assertFalse(new String(response.body(), StandardCharsets.UTF_8).contains("# TYPE"));
    }

    @Test
    void wrongCredentialsGet401AndAreCountedAsUnauthorized() {
        Counter unauthorized = registry.get("prometheus.export.scrapes").tag("endpoint", "exporter")
                .tag("result", "unauthorized").counter();
        double before = unauthorized.count();
        assertEquals(401, Http.get(uri("/metrics"), "Authorization", basic("prometheus:pa55")).statusCode());
        assertEquals(401, Http.get(uri("/metrics"), "Authorization", basic("Prometheus:pa55:word")).statusCode());
        assertEquals(401, Http.get(uri("/metrics"), "Authorization", "Bearer 0123456789abcdeF").statusCode());
        assertEquals(401, Http.get(uri("/metrics"), "Authorization", "Bearer pa55:word").statusCode());
        assertEquals(401, Http.get(uri("/metrics"), "Authorization", "Basic %%%").statusCode());
        assertEquals(before + 5, unauthorized.count());
    }

    @Test
    void basicCredentialsAreServed() {
        HttpResponse<byte[]> response = Http.get(uri("/metrics"), "Authorization", basic("prometheus:pa55:word"));
        assertEquals(200, response.statusCode());
        assertTrue(new String(response.body(), StandardCharsets.UTF_8).contains("# TYPE jvm_"));
    }

    @Test
    void bearerTokenIsServed() {
        HttpResponse<byte[]> response = Http.get(uri("/metrics"), "Authorization", "Bearer 0123456789abcdef");
        assertEquals(200, response.statusCode());
        assertTrue(new String(response.body(), StandardCharsets.UTF_8).contains("# TYPE jvm_"));
    }

    @Test
    void healthStaysOpen() {
        assertEquals(200, Http.get(uri("/-/healthy")).statusCode());
    }

    @Test
    void unknownPathsNeedCredentialsBeforeTheyAre404() {
        assertEquals(401, Http.get(uri("/other")).statusCode());
        assertEquals(404, Http.get(uri("/other"), "Authorization", "Bearer 0123456789abcdef").statusCode());
    }
}
