package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class PathWithSpaceRejectedAtBuildTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.prometheus.path", "my metrics")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.prometheus.path: \"my metrics\" is not a valid path: use path segments without spaces, '*',"
                            + " '?', '#' or empty segments. Example: quarkus.prometheus.path=metrics"));

    @Test
    void buildFails() {
        fail("The build should have failed");
    }
}
