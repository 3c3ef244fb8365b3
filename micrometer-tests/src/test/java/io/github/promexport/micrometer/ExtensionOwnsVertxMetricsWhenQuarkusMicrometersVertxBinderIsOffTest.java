package io.github.promexport.micrometer;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.github.promexport.runtime.binder.http.ExchangeEnds;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/**
 * A Vert.x instance has one metrics SPI. With quarkus-micrometer's Vert.x binder off (and with it its HTTP server
 * binder), nothing of quarkus-micrometer's claims it: this extension's HTTP binder learns each request's end from it
 * ({@link ExchangeEnds}) and records the requests once. (With that binder on, quarkus-micrometer owns the SPI and this
 * extension's HTTP binder uses end handlers: {@link ExtensionBindersTakeOverFromSwitchedOffQuarkusMicrometerBindersTest}.)
 */
class ExtensionOwnsVertxMetricsWhenQuarkusMicrometersVertxBinderIsOffTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Greetings.class, Exposition.class, Meters.class))
            .overrideConfigKey("quarkus.micrometer.binder.vertx.enabled", "false");

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
    void requestsRecordedOnceThroughTheExtensionsVertxMetrics() {
        assertInstanceOf(ExchangeEnds.class, ((VertxInternal) vertx).metricsSPI());

        given().get("/hello/ada").then().statusCode(200);

        String body = Exposition.scrape();
        Meters.assertRequestsCounted(body, "/hello/{name}", 1.0);
    }
}
