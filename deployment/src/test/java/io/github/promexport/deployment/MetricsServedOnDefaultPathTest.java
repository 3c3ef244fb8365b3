package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class MetricsServedOnDefaultPathTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication();

    @Test
    void servesPrometheusTextAtQMetrics() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .header("Content-Type", startsWith("text/plain; version=0.0.4"))
                .body(containsString("# HELP jvm_memory_used_bytes"))
                .body(containsString("# TYPE process_cpu_usage gauge"))
                .body(containsString("jvm_threads_live_threads "));
    }
}
