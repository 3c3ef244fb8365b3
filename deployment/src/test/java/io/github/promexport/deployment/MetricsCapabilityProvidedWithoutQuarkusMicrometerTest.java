package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Without quarkus-micrometer (or quarkus-smallrye-metrics) the extension provides the {@code io.quarkus.metrics}
 * capability, which extensions publishing through {@code MetricsFactory} (Agroal, Hibernate ORM...) look for. (With
 * quarkus-micrometer, that extension provides it; the micrometer-tests module starts an application with both.)
 */
class MetricsCapabilityProvidedWithoutQuarkusMicrometerTest {

    static final String SEEN = "promexport.test.metrics-capability";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .addBuildChainCustomizer(chain -> chain.addBuildStep(context -> {
                System.setProperty(SEEN,
                        String.valueOf(context.consume(Capabilities.class).isPresent("io.quarkus.metrics")));
                context.produce(new FeatureBuildItem("metrics-capability-probe"));
            }).consumes(Capabilities.class).produces(FeatureBuildItem.class).build());

    @Test
    void metricsCapabilityIsProvided() {
        assertEquals("true", System.getProperty(SEEN));
    }
}
