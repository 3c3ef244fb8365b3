package io.github.promexport.deployment.binder;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.enterprise.event.Observes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.ext.web.Router;

/**
 * The HTTP binder leaves the metrics route's own requests out even when an absolute {@code quarkus.prometheus.path}
 * puts it outside the non-application root ({@code /q/}): the binder skips the endpoint's resolved path.
 */
class ScrapesOfAnAbsoluteMetricsPathAreNotMeasuredTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Routes.class, Exposition.class))
            .overrideConfigKey("quarkus.prometheus.path", "/metrics");

    public static class Routes {
        void register(@Observes Router router) {
            router.get("/hello").handler(ctx -> ctx.end("hello"));
        }
    }

    @Test
    void applicationRequestsAreMeasuredAndScrapesAreNot() {
        given().get("/hello").then().statusCode(200);
        given().get("/metrics").then().statusCode(200);
        String exposition = given().get("/metrics").then().statusCode(200).extract().asString();

        List<String> requests = Exposition.samples(exposition, "http_server_requests_seconds_count");
        assertEquals(1, requests.size(), exposition);
        assertTrue(requests.get(0).contains("hello"), exposition);
        assertEquals(1.0, Exposition.value(requests.get(0)), exposition);
    }
}
