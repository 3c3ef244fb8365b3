package io.github.promexport.deployment.binder;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.github.promexport.deployment.Promtool;
import io.micrometer.core.annotation.Counted;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.aop.MeterTag;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** Every family added by the instrumentation, histograms and percentiles included, lints clean. */
class InstrumentedExpositionPassesPromtoolTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(
                    jar -> jar.addClasses(Greetings.class, Greeter.class, Routes.class, Exposition.class, Promtool.class))
            .overrideRuntimeConfigKey("quarkus.prometheus.binder.http-server.body-sizes", "true")
            .overrideRuntimeConfigKey("quarkus.prometheus.distribution.percentiles-histogram.\"http.server.requests\"",
                    "true")
            .overrideRuntimeConfigKey("quarkus.prometheus.distribution.slo.\"http.server.request.size\"", "100,1000")
            .overrideRuntimeConfigKey("quarkus.prometheus.distribution.percentiles.\"greeting.time\"", "0.5,0.99");

    @ApplicationScoped
    public static class Greeter {
        @Counted("greetings")
        @Timed(value = "greeting.time", longTask = false)
        public String greet(@MeterTag(key = "who") String who) {
            return "hello " + who;
        }

        @Timed(value = "greeting.long", longTask = true)
        public String slow() {
            return "slow";
        }
    }

    @Path("/greet/{who}")
    public static class Greetings {
        @Inject
        Greeter greeter;

        @GET
        public String greet(@PathParam("who") String who) {
            greeter.slow();
            return greeter.greet(who);
        }
    }

    public static class Routes {
        void register(@Observes Router router) {
            router.post("/upload/:name").handler(BodyHandler.create())
                    .handler(ctx -> ctx.end("read " + ctx.body().length()));
        }
    }

    @Test
    void promtoolFindsNoProblem() throws Exception {
        given().get("/greet/ann").then().statusCode(200);
        given().body("0123456789").post("/upload/a").then().statusCode(200);
        given().get("/nowhere").then().statusCode(404);

        String exposition = Exposition.scrape();
        for (String family : new String[] { "http_server_requests_seconds_bucket", "http_server_active_requests",
                "http_server_request_size_bytes_bucket", "http_server_response_size_bytes_count", "greetings_total",
                "greeting_time_seconds{", "greeting_long_seconds_count", "worker_pool_active_threads",
                "worker_pool_queue_delay_seconds", "vertx_event_loop_delay_seconds" }) {
            assertTrue(exposition.contains(family), family + "\n" + exposition);
        }

        Promtool.Result result = Promtool.checkMetrics(exposition);
        assertEquals(0, result.exitCode(), result.output() + "\n" + exposition);
    }
}
