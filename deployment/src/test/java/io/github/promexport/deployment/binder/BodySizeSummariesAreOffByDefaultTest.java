package io.github.promexport.deployment.binder;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.enterprise.event.Observes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.ext.web.Router;

/**
 * Without {@code quarkus.prometheus.binder.http-server.body-sizes=true} a request is timed but its body sizes are
 * not recorded (ConfiguredHistogramBucketsAppearInExpositionTest covers the key switched on).
 */
class BodySizeSummariesAreOffByDefaultTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Routes.class, Exposition.class));

    public static class Routes {
        void register(@Observes Router router) {
            router.post("/echo").handler(ctx -> ctx.end("echo"));
        }
    }

    @Test
    void requestIsTimedWithoutSizeSummaries() {
        given().body("twelve bytes").post("/echo").then().statusCode(200);

        String exposition = Exposition.scrape();

        assertEquals(1, Exposition.samples(exposition, "http_server_requests_seconds_count", "uri=\"/echo\"").size(),
                exposition);
        assertFalse(exposition.contains("http_server_request_size_bytes"), exposition);
        assertFalse(exposition.contains("http_server_response_size_bytes"), exposition);
    }
}
