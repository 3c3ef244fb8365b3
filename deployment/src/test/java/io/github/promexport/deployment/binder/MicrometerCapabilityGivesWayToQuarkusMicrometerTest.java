package io.github.promexport.deployment.binder;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The HTTP binder declares Micrometer metrics support, as quarkus-micrometer does. When quarkus-micrometer is
 * (wrongly) present too, that declaration gives way: the application fails on the conflict itself, never on a
 * "Multiple producers of item MetricsCapabilityBuildItem" error that would hide the explanation.
 */
class MicrometerCapabilityGivesWayToQuarkusMicrometerTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-micrometer-deployment", "3.33.2")))
            .assertException(e -> {
                for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                    if (cause.getMessage() != null && cause.getMessage().contains("Multiple producers")) {
                        fail("the metrics capability must be overridable", e);
                    }
                }
            });

    @Test
    void startupFailsOnTheConflictNotOnTheBuildChain() {
        fail("two Micrometer extensions should not start");
    }
}
