package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With Quarkus's own Micrometer extension on the classpath the build fails with the extension's explanation. That
 * explanation can only be reached when the metrics capability declared by the HTTP binder gives way to
 * quarkus-micrometer's (otherwise the build chain fails first with "Multiple producers of item
 * MetricsCapabilityBuildItem"), and only when the forced artifact was resolved: an unresolvable artifact fails
 * this test instead of passing it.
 */
class QuarkusMicrometerOnClasspathRejectedAtBuildTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-micrometer", Version.getVersion())))
            .assertException(StartupFailures.causedBy(IllegalStateException.class,
                    "quarkus-prometheus-export and Quarkus's own Micrometer extension (io.quarkus:quarkus-micrometer,"
                            + " brought in by quarkus-micrometer-registry-prometheus or another"
                            + " quarkus-micrometer-registry-*), or quarkus-smallrye-metrics, is also on the classpath:"
                            + " they would create two registries and two /q/metrics routes. Remove the"
                            + " io.quarkus:quarkus-micrometer* dependency; this extension provides the MeterRegistry"
                            + " bean, @Counted/@Timed and the metrics route."));

    @Test
    void buildFails() {
        fail("The build should have failed");
    }
}
