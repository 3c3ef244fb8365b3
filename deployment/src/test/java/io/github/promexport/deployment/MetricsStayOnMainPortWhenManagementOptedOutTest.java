package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class MetricsStayOnMainPortWhenManagementOptedOutTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.management.enabled", "true")
            .overrideConfigKey("quarkus.prometheus.management.enabled", "false");

    @Test
    void metricsAreServedOnTheMainPort() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_threads_live_threads "));
    }
}
