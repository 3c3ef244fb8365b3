package io.github.promexport.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;

import java.net.URL;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * The guide's recipe for the management interface: its own permissions ({@code quarkus.management.auth.*}) put the
 * metrics behind Basic authentication, with users from {@code quarkus-elytron-security-properties-file}.
 */
class ManagementInterfaceProtectedByHttpPermissionsTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideConfigKey("quarkus.management.test-port", "0")
            .overrideConfigKey("quarkus.management.enabled", "true")
            .overrideConfigKey("quarkus.management.auth.basic", "true")
            .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
            .overrideConfigKey("quarkus.security.users.embedded.plain-text", "true")
            .overrideConfigKey("quarkus.security.users.embedded.users.prometheus", "scrape-secret")
            .overrideConfigKey("quarkus.security.users.embedded.roles.prometheus", "metrics")
            .overrideConfigKey("quarkus.security.users.embedded.users.alice", "alice-secret")
            .overrideConfigKey("quarkus.security.users.embedded.roles.alice", "user")
            .overrideConfigKey("quarkus.management.auth.policy.metrics-reader.roles-allowed", "metrics")
            .overrideConfigKey("quarkus.management.auth.permission.metrics.paths", "/q/metrics")
            .overrideConfigKey("quarkus.management.auth.permission.metrics.policy", "metrics-reader");

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void withoutCredentialsTheScrapeIsChallenged() {
        given().get(metrics).then().statusCode(401).header("WWW-Authenticate", containsStringIgnoringCase("basic"));
    }

    @Test
    void aUserWithoutTheRoleIsForbidden() {
        given().auth().preemptive().basic("alice", "alice-secret").get(metrics).then().statusCode(403);
    }

    @Test
    void theScraperIsServed() {
        given().auth().preemptive().basic("prometheus", "scrape-secret").get(metrics).then().statusCode(200)
                .body(containsString("# TYPE jvm_threads_live_threads gauge"));
    }
}
