package io.github.promexport.deployment.binder;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import jakarta.enterprise.event.Observes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.ext.web.Router;

class VertxRouteGivesTemplateUriTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Routes.class, Exposition.class));

    public static class Routes {
        void register(@Observes Router router) {
            router.get("/items/:id/parts/:part").handler(ctx -> ctx.end("part " + ctx.pathParam("part")));
            router.get("/plain").handler(ctx -> ctx.end("plain"));
        }
    }

    @Test
    void labelsVertxRequestsWithTheRoutePattern() {
        given().get("/items/1/parts/a").then().statusCode(200);
        given().get("/items/2/parts/b?x=y").then().statusCode(200);
        given().get("/plain").then().statusCode(200);

        String exposition = Exposition.scrape();

        List<String> items = Exposition.samples(exposition, "http_server_requests_seconds_count",
                "uri=\"/items/{id}/parts/{part}\"", "status=\"200\"");
        assertEquals(1, items.size(), exposition);
        assertEquals(2.0, Exposition.value(items.get(0)), exposition);
        assertEquals(1, Exposition.samples(exposition, "http_server_requests_seconds_count", "uri=\"/plain\"").size(),
                exposition);
        assertFalse(exposition.contains("/items/1"), exposition);
        assertFalse(exposition.contains("uri=\"/q/"), exposition);
    }
}
