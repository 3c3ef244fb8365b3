package io.github.promexport.deployment.binder;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.quarkus.test.QuarkusUnitTest;

class RestPathParameterGivesTemplateUriTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(HelloResource.class, RootResource.class, Exposition.class));

    @Path("/hello/{name}")
    public static class HelloResource {
        @GET
        public String hello(@PathParam("name") String name) {
            return "hello " + name;
        }
    }

    @Path("/")
    public static class RootResource {
        @GET
        public String root() {
            return "root";
        }
    }

    @Test
    void labelsRestRequestsWithTheResourceTemplateNotThePath() {
        given().get("/hello/alice").then().statusCode(200);
        given().get("/hello/bob?secret=1").then().statusCode(200);
        given().get("/").then().statusCode(200);

        String exposition = Exposition.scrape();

        List<String> hello = Exposition.samples(exposition, "http_server_requests_seconds_count",
                "uri=\"/hello/{name}\"", "method=\"GET\"", "status=\"200\"", "outcome=\"SUCCESS\"",
                "exception=\"None\"");
        assertEquals(1, hello.size(), exposition);
        assertEquals(2.0, Exposition.value(hello.get(0)), exposition);
        assertEquals(1, Exposition.samples(exposition, "http_server_requests_seconds_count", "uri=\"root\"").size(),
                exposition);
        assertFalse(exposition.contains("alice"), exposition);
        assertFalse(exposition.contains("secret"), exposition);
        // The scrape itself (a /q/ endpoint) is not measured by default.
        assertFalse(exposition.contains("uri=\"/q/"), exposition);
    }
}
