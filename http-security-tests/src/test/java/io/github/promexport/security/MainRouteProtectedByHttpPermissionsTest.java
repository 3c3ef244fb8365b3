package io.github.promexport.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * The guide's recipe for the main route: Quarkus's own HTTP permissions put {@code /q/metrics} behind Basic
 * authentication and a role, with users from {@code quarkus-elytron-security-properties-file}. The metrics route
 * goes through the application's security like any other route.
 */
class MainRouteProtectedByHttpPermissionsTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideConfigKey("quarkus.http.auth.basic", "true")
            .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
            .overrideConfigKey("quarkus.security.users.embedded.plain-text", "true")
            .overrideConfigKey("quarkus.security.users.embedded.users.prometheus", "scrape-secret")
            .overrideConfigKey("quarkus.security.users.embedded.roles.prometheus", "metrics")
            .overrideConfigKey("quarkus.security.users.embedded.users.alice", "alice-secret")
            .overrideConfigKey("quarkus.security.users.embedded.roles.alice", "user")
            .overrideConfigKey("quarkus.http.auth.policy.metrics-reader.roles-allowed", "metrics")
            .overrideConfigKey("quarkus.http.auth.permission.metrics.paths", "/q/metrics")
            .overrideConfigKey("quarkus.http.auth.permission.metrics.policy", "metrics-reader");

    @Test
    void withoutCredentialsTheScrapeIsChallenged() {
        given().get("/q/metrics").then().statusCode(401).header("WWW-Authenticate", containsStringIgnoringCase("basic"));
    }

    @Test
    void wrongPasswordIsChallenged() {
        given().auth().preemptive().basic("prometheus", "wrong").get("/q/metrics").then().statusCode(401);
    }

    @Test
    void aUserWithoutTheRoleIsForbidden() {
        given().auth().preemptive().basic("alice", "alice-secret").get("/q/metrics").then().statusCode(403);
    }

    @Test
    void theScraperIsServed() {
        given().auth().preemptive().basic("prometheus", "scrape-secret").get("/q/metrics").then().statusCode(200)
                .body(containsString("# TYPE jvm_threads_live_threads gauge"));
    }
}
