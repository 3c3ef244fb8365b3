package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class RootPathRejectedAtBuildTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.prometheus.path", "/")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.prometheus.path: \"/\" is not a valid path: the metrics would be served at the root and"
                            + " shadow the whole application. Example: quarkus.prometheus.path=metrics"));

    @Test
    void buildFails() {
        fail("The build should have failed");
    }
}
