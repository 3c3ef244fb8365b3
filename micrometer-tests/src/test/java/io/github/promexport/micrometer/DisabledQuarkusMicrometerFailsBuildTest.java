package io.github.promexport.micrometer;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.StartupFailures;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/** quarkus.micrometer.enabled=false would silently drop every meter quarkus-micrometer feeds in: the build says so. */
class DisabledQuarkusMicrometerFailsBuildTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.micrometer.enabled", "false")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.micrometer.enabled=false: with quarkus-prometheus-export, io.quarkus:quarkus-micrometer only"
                            + " feeds this extension's registry (its binders, @Counted/@Timed, datasource and other"
                            + " extensions' metrics), and disabled it would silently drop them. Remove the"
                            + " io.quarkus:quarkus-micrometer dependency instead, or set quarkus.micrometer.enabled=true."));

    @Test
    void buildFails() {
        fail("The build should have failed");
    }
}
