package io.github.promexport.deployment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class RootPathRejectedAtBuildTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.prometheus.path", "/")
            .assertException(failure -> assertThat(Exposition.configurationFailure(failure),
                    allOf(containsString("quarkus.prometheus.path=\"/\""), containsString("shadow the whole application"))));

    @Test
    void buildFails() {
        fail("The build should have failed");
    }
}
