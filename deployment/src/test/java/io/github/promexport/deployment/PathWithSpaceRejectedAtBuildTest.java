package io.github.promexport.deployment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class PathWithSpaceRejectedAtBuildTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.prometheus.path", "my metrics")
            .assertException(failure -> assertThat(Exposition.configurationFailure(failure),
                    allOf(containsString("quarkus.prometheus.path=\"my metrics\""), containsString("not a valid route path"))));

    @Test
    void buildFails() {
        fail("The build should have failed");
    }
}
