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

class MatchAndIgnorePatternsTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Routes.class, Exposition.class))
            .overrideRuntimeConfigKey("quarkus.prometheus.binder.http-server.match-patterns",
                    "/files/([a-z]+)/.*=/files/$1/{file}")
            .overrideRuntimeConfigKey("quarkus.prometheus.binder.http-server.ignore-patterns", "/ping.*");

    public static class Routes {
        void register(@Observes Router router) {
            // Regex routes have no template: without a match pattern they would be labelled UNKNOWN.
            router.getWithRegex("/files/.*").handler(ctx -> ctx.end("file"));
            router.getWithRegex("/ping.*").handler(ctx -> ctx.end("pong"));
        }
    }

    @Test
    void renamesMatchedPathsAndSkipsIgnoredOnes() {
        given().get("/files/images/a.png").then().statusCode(200);
        given().get("/files/images/b.png").then().statusCode(200);
        given().get("/files/docs/c.txt").then().statusCode(200);
        given().get("/ping").then().statusCode(200);
        given().get("/ping/deep").then().statusCode(200);

        String exposition = Exposition.scrape();

        List<String> images = Exposition.samples(exposition, "http_server_requests_seconds_count",
                "uri=\"/files/images/{file}\"");
        assertEquals(1, images.size(), exposition);
        assertEquals(2.0, Exposition.value(images.get(0)), exposition);
        assertEquals(1, Exposition.samples(exposition, "http_server_requests_seconds_count",
                "uri=\"/files/docs/{file}\"").size(), exposition);
        assertEquals(2, Exposition.samples(exposition, "http_server_requests_seconds_count").size(), exposition);
        assertFalse(exposition.contains("ping"), exposition);
        assertFalse(exposition.contains("a.png"), exposition);
    }
}
