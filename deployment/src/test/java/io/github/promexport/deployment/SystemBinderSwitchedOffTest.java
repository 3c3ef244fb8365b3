package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class SystemBinderSwitchedOffTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withApplicationRoot(root -> root.addClasses(Exposition.class))
            .overrideConfigKey("quarkus.prometheus.binder.system.enabled", "false");

    @Test
    void noSystemFamiliesButJvmFamiliesRemain() {
        Set<String> families = Exposition.families(given().get("/q/metrics").then().statusCode(200)
                .extract().asString());
        assertThat(families, hasItem("jvm_threads_live_threads"));
        assertThat(families, not(hasItem("process_cpu_usage")));
        assertThat(families, not(hasItem("system_cpu_count")));
        assertThat(families, not(hasItem("process_uptime_seconds")));
    }
}
