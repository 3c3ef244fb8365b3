package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * The guide promises that {@code quarkus.http.root-path} is respected. The resolution is Quarkus's, but whether it
 * applies depends on how this extension registers its route (through the non-application route builder): kept so
 * that a change of registration cannot silently move the metrics.
 */
class RelativePathServedUnderHttpRootPathTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.http.root-path", "/app");

    // RestAssured's base path follows quarkus.http.root-path; the paths below are spelled out in full instead.

    @Test
    void metricsAreServedAtRootPathThenNonApplicationRoot() {
        given().basePath("").get("/app/q/metrics").then().statusCode(200)
                .body(containsString("jvm_threads_live_threads "));
    }

    @Test
    void metricsAreNotServedOutsideTheRootPath() {
        given().basePath("").get("/q/metrics").then().statusCode(404);
    }
}
