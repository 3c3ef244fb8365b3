package io.github.promexport.micrometer;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.StartupFailures;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

/**
 * quarkus-micrometer-registry-prometheus would start quarkus-micrometer's own Prometheus registry and route beside this
 * extension's: the build fails and says to keep quarkus-micrometer and drop the registry extension. Only reached when
 * the forced artifact was resolved: an unresolvable artifact fails this test instead of passing it.
 */
class RegistryPrometheusExtensionRejectedAtBuildTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .setForcedDependencies(List.of(
                    Dependency.of("io.quarkus", "quarkus-micrometer-registry-prometheus", Version.getVersion())))
            .assertException(StartupFailures.causedBy(IllegalStateException.class,
                    "quarkus-prometheus-export and io.quarkus:quarkus-micrometer-registry-prometheus are both on the"
                            + " classpath: quarkus-micrometer would create a second Prometheus registry and a second"
                            + " /q/metrics route. Keep io.quarkus:quarkus-micrometer and remove"
                            + " io.quarkus:quarkus-micrometer-registry-prometheus: quarkus-prometheus-export is then the"
                            + " Prometheus registry behind quarkus-micrometer, its binders record into it and its route"
                            + " serves them (migration guide: quarkus.prometheus.* keys replace"
                            + " quarkus.micrometer.export.prometheus.*)."));

    @Test
    void buildFails() {
        fail("The build should have failed");
    }
}
