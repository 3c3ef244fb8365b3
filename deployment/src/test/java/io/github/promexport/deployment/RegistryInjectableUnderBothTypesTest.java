package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quarkus.test.QuarkusUnitTest;

class RegistryInjectableUnderBothTypesTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication();

    @Inject
    MeterRegistry meterRegistry;

    @Inject
    PrometheusMeterRegistry prometheusRegistry;

    @Test
    void meterRegistryAndPrometheusMeterRegistryAreTheSameInstance() {
        assertSame(prometheusRegistry, meterRegistry);
    }
}
