package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class JvmBinderSwitchedOffTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withApplicationRoot(root -> root.addClasses(Exposition.class))
            .overrideConfigKey("quarkus.prometheus.binder.jvm.enabled", "false");

    @Test
    void noJvmFamiliesButSystemFamiliesRemain() {
        Set<String> families = Exposition.families(given().get("/q/metrics").then().statusCode(200)
                .extract().asString());
        assertThat(families, hasItem("process_cpu_usage"));
        assertThat(families, everyItem(not(startsWith("jvm_"))));
    }
}
