package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URL;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.RestAssured;

class MetricsMoveToManagementInterfaceTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.management.enabled", "true");

    // Resolved against the management interface's actual (random) port and its root path, /q.
    @TestHTTPResource(value = "metrics", management = true)
    URL managementMetrics;

    @Test
    void metricsAreServedOnTheManagementInterface() {
        assertNotEquals(RestAssured.port, managementMetrics.getPort());
        given().get(managementMetrics).then().statusCode(200)
                .header("Content-Type", startsWith("text/plain; version=0.0.4"))
                .body(containsString("jvm_threads_live_threads "));
    }

    @Test
    void metricsAreNotServedOnTheMainPort() {
        given().get("/q/metrics").then().statusCode(404);
    }
}
