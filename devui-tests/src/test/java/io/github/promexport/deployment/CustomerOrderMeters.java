package io.github.promexport.deployment;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The Dev UI tests' application meters: a counter labelled by customer, the kind of label that explodes in
 * production, with {@value #CUSTOMERS} values, beside a second label with {@value #REGIONS}.
 */
@Singleton
public class CustomerOrderMeters implements MeterBinder {

    static final int CUSTOMERS = 150;
    static final int REGIONS = 3;

    @Override
    public void bindTo(MeterRegistry registry) {
        for (int customer = 0; customer < CUSTOMERS; customer++) {
            Counter.builder("devui.orders").description("Orders placed, by customer and region")
                    .tag("customer", "c" + customer).tag("region", "r" + customer % REGIONS)
                    .register(registry).increment();
        }
    }
}
