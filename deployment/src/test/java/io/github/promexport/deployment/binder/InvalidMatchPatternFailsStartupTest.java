package io.github.promexport.deployment.binder;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.StartupFailures;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class InvalidMatchPatternFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.binder.http-server.match-patterns", "/item/[0-9+=/item/{id}")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.prometheus.binder.http-server.match-patterns: \"/item/[0-9+\" is not a valid regular"
                            + " expression (Unclosed character class). Example: /item/[0-9]+"));

    @Test
    void startupFails() {
        fail("Startup should have failed");
    }
}
