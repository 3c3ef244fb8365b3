package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class MetricsServedUnderCustomNonApplicationRootPathTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.http.non-application-root-path", "/internal");

    @Test
    void relativePathIsResolvedUnderTheConfiguredNonApplicationRoot() {
        given().get("/internal/metrics").then().statusCode(200).body(containsString("jvm_threads_live_threads "));
    }

    @Test
    void defaultNonApplicationRootIsNotUsed() {
        given().get("/q/metrics").then().statusCode(404);
    }
}
