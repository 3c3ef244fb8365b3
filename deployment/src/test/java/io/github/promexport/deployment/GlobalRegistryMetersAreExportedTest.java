package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Metrics;
import io.quarkus.test.QuarkusUnitTest;

class GlobalRegistryMetersAreExportedTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication();

    @Test
    void counterCreatedThroughMetricsIsScraped() {
        Metrics.counter("global.hits").increment(3);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("global_hits_total 3.0"));
    }
}
