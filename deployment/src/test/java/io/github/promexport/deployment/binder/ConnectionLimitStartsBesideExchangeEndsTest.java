package io.github.promexport.deployment.binder;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.github.promexport.runtime.binder.http.ExchangeEnds;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.ext.web.Router;

/**
 * With {@code quarkus.http.limits.max-connections} set, Quarkus asks Vert.x's metrics SPI for a connection tracker
 * (it casts the SPI to its own {@code ExtendedQuarkusVertxHttpMetrics}): the application starts with
 * {@link ExchangeEnds} as that SPI and its requests are recorded.
 */
class ConnectionLimitStartsBesideExchangeEndsTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Routes.class, Exposition.class))
            .overrideConfigKey("quarkus.http.limits.max-connections", "100");

    public static class Routes {
        void register(@Observes Router router) {
            router.get("/limited").handler(ctx -> ctx.end("limited"));
        }
    }

    @Inject
    Vertx vertx;

    @Test
    void startsAndRecordsRequests() {
        assertInstanceOf(ExchangeEnds.class, ((VertxInternal) vertx).metricsSPI());
        given().get("/limited").then().statusCode(200);

        String exposition = Exposition.scrape();
        List<String> limited = Exposition.samples(exposition, "http_server_requests_seconds_count", "uri=\"/limited\"");
        assertEquals(1, limited.size(), exposition);
        assertEquals(1.0, Exposition.value(limited.get(0)), exposition);
    }
}
