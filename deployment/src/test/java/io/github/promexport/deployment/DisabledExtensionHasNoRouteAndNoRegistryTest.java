package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quarkus.test.QuarkusUnitTest;

class DisabledExtensionHasNoRouteAndNoRegistryTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.prometheus.enabled", "false");

    @Inject
    Instance<PrometheusMeterRegistry> prometheusRegistry;

    @Inject
    Instance<MeterRegistry> meterRegistry;

    @Test
    void metricsRouteIsAbsent() {
        given().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void registryBeanIsAbsent() {
        assertFalse(prometheusRegistry.isResolvable(), "PrometheusMeterRegistry bean");
        assertFalse(meterRegistry.isResolvable(), "MeterRegistry bean");
    }
}
