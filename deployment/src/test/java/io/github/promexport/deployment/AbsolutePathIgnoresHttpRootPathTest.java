package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * Quarkus resolves an absolute non-application path from the server root, as a sibling of
 * {@code quarkus.http.root-path} (see https://quarkus.io/blog/path-resolution-in-quarkus). The guide documents
 * this for {@code quarkus.prometheus.path}; kept so that a change in how the route is registered cannot silently
 * move the metrics.
 */
class AbsolutePathIgnoresHttpRootPathTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.http.root-path", "/app")
            .overrideConfigKey("quarkus.prometheus.path", "/metrics");

    // RestAssured's base path follows quarkus.http.root-path; the paths below are spelled out in full instead.

    @Test
    void absolutePathIsServedFromTheServerRoot() {
        given().basePath("").get("/metrics").then().statusCode(200)
                .body(containsString("jvm_threads_live_threads "));
    }

    @Test
    void absolutePathIsNotServedUnderTheRootPath() {
        given().basePath("").get("/app/metrics").then().statusCode(404);
    }
}
