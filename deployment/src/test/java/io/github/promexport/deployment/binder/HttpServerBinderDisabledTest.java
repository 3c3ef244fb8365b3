package io.github.promexport.deployment.binder;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.event.Observes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.ext.web.Router;

class HttpServerBinderDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Routes.class, Exposition.class))
            .overrideConfigKey("quarkus.prometheus.binder.http-server.enabled", "false");

    public static class Routes {
        void register(@Observes Router router) {
            router.get("/hello").handler(ctx -> ctx.end("hello"));
        }
    }

    @Test
    void noFilterAndNoHttpServerMeters() {
        given().get("/hello").then().statusCode(200);

        String exposition = Exposition.scrape();

        // The in-flight gauge is registered with the filter: its absence shows no filter runs per request.
        assertFalse(exposition.contains("http_server_"), exposition);
        assertTrue(exposition.contains("vertx_event_loop_delay_seconds"), exposition);
    }
}
