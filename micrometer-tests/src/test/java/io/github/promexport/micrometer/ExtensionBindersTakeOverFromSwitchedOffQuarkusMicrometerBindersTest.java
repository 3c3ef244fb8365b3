package io.github.promexport.micrometer;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.github.promexport.deployment.Promtool;
import io.github.promexport.runtime.binder.http.ExchangeEnds;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/**
 * The build-time rule for meters both sides can record: quarkus-micrometer's binder when it is on, this extension's
 * when quarkus-micrometer's is switched off. With quarkus-micrometer's HTTP server and system binders off, this
 * extension's record the requests (with the REST template) and the system meters under their promtool-clean names,
 * and nothing appears twice. quarkus-micrometer's Vert.x binder stays on and owns Vert.x's metrics SPI: this
 * extension's HTTP binder then learns each request's end from an end handler.
 */
class ExtensionBindersTakeOverFromSwitchedOffQuarkusMicrometerBindersTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Greetings.class, Exposition.class, Promtool.class, Meters.class))
            .overrideConfigKey("quarkus.micrometer.binder.http-server.enabled", "false")
            .overrideConfigKey("quarkus.micrometer.binder.system", "false");

    @Path("/hello")
    public static class Greetings {
        @GET
        @Path("/{name}")
        public String hello(@PathParam("name") String name) {
            return "hello " + name;
        }
    }

    @Inject
    Vertx vertx;

    @Test
    void extensionsHttpAndSystemMetersOnceAndLintClean() throws Exception {
        assertNotNull(((VertxInternal) vertx).metricsSPI());
        assertFalse(((VertxInternal) vertx).metricsSPI() instanceof ExchangeEnds);

        given().get("/hello/ada").then().statusCode(200);

        String body = Exposition.scrape();
        Meters.assertRequestsCounted(body, "/hello/{name}", 1.0);
        // quarkus-micrometer's own HTTP server meters are gone with its binder
        assertTrue(Exposition.samples(body, "http_server_bytes_read_count").isEmpty(), body);

        assertFalse(Exposition.samples(body, "system_available_processors").isEmpty(), body);
        assertFalse(Exposition.samples(body, "process_cpu_seconds_total").isEmpty(), body);
        assertTrue(Exposition.samples(body, "system_cpu_count").isEmpty(), body);

        Promtool.Result promtool = Promtool.checkMetrics(body);
        assertFalse(promtool.output().contains("system_cpu_count"), promtool.output());
        Meters.assertOnlyQuarkusMicrometersNamesWarned(promtool);
    }
}
