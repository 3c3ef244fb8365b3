package io.github.promexport.micrometer;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.github.promexport.deployment.Promtool;
import io.micrometer.core.annotation.Counted;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With quarkus-micrometer on the classpath the application starts (no capability conflict, no second registry), and
 * this extension's registry is the one Prometheus registry behind quarkus-micrometer's root registry: its HTTP server
 * binder (with Quarkus REST's templates), its JVM and system binders and its {@code @Counted} interceptor record into
 * it, once each; the common tags of {@code quarkus.prometheus.tags}, the SLO buckets of
 * {@code quarkus.prometheus.distribution.*} and this extension's own starvation signals are there too, on the
 * extension's route.
 */
class QuarkusMicrometerRecordsIntoTheExtensionsRegistryTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Greetings.class, Greeter.class, Exposition.class, Promtool.class,
                    Meters.class))
            .overrideConfigKey("quarkus.prometheus.tags.\"region\"", "eu-west")
            .overrideConfigKey("quarkus.prometheus.distribution.slo.\"http.server.requests\"", "50ms,30s");

    @Path("/hello")
    public static class Greetings {

        @Inject
        Greeter greeter;

        @GET
        @Path("/{name}")
        public String hello(@PathParam("name") String name) {
            return greeter.greet(name);
        }
    }

    @ApplicationScoped
    public static class Greeter {

        @Counted(value = "greetings", description = "Greetings given")
        public String greet(String name) {
            return "hello " + name;
        }
    }

    @Inject
    MeterRegistry meterRegistry;

    @Inject
    PrometheusMeterRegistry prometheusRegistry;

    @Test
    void oneRegistryBehindQuarkusMicrometersRoot() {
        assertTrue(meterRegistry instanceof CompositeMeterRegistry, "MeterRegistry is quarkus-micrometer's root");
        List<MeterRegistry> prometheusRegistries = Metrics.globalRegistry.getRegistries().stream()
                .filter(r -> r instanceof PrometheusMeterRegistry).toList();
        assertEquals(1, prometheusRegistries.size(), "Prometheus registries in the root: " + prometheusRegistries);
        assertSame(prometheusRegistry, prometheusRegistries.get(0));
    }

    @Test
    void quarkusMicrometersMetersOnTheRouteOnceWithOurSignals() throws Exception {
        given().get("/hello/ada").then().statusCode(200);
        given().get("/hello/bob").then().statusCode(200);

        String body = Exposition.scrape();
        String requests = Meters.assertRequestsCounted(body, "/hello/{name}", 2.0);
        assertTrue(requests.contains("region=\"eu-west\""), requests);
        // quarkus.prometheus.distribution.* applies to quarkus-micrometer's meters
        List<String> slo = Exposition.samples(body, "http_server_requests_seconds_bucket", "uri=\"/hello/{name}\"",
                "le=\"30.0\"");
        assertEquals(1, slo.size(), body);
        assertEquals(2.0, Exposition.value(slo.get(0)));
        // quarkus-micrometer's own HTTP meters, which this extension's binder does not have
        assertFalse(Exposition.samples(body, "http_server_bytes_read_count").isEmpty(), body);

        List<String> greetings = Exposition.samples(body, "greetings_total", "method=\"greet\"");
        assertEquals(1, greetings.size(), body);
        assertEquals(2.0, Exposition.value(greetings.get(0)), "each call counted once");

        for (String family : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage",
                "process_uptime_seconds", "vertx_event_loop_delay_seconds", "worker_pool_active_threads")) {
            assertFalse(Exposition.samples(body, family).isEmpty(), family + " missing:\n" + body);
        }
        // beside quarkus-micrometer's worker_pool_queue_delay_seconds timer, the probe gauge takes its own name
        assertFalse(Exposition.samples(body, "worker_pool_queue_probe_delay_seconds").isEmpty(), body);
        assertTrue(body.contains("# TYPE worker_pool_queue_delay_seconds summary"), body);

        Meters.assertOnlyQuarkusMicrometersNamesWarned(Promtool.checkMetrics(body));
    }
}
