package io.github.promexport.deployment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class InvalidCommonTagKeyFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.prometheus.tags.\"1bad\"", "x")
            .assertException(failure -> assertThat(Exposition.configurationFailure(failure),
                    allOf(containsString("quarkus.prometheus.tags.\"1bad\""),
                            containsString("is not a valid Prometheus label name"))));

    @Test
    void startupFails() {
        fail("The application should not have started");
    }
}
