package io.github.promexport.datasource;

import java.sql.SQLException;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** A gauge whose function calls the request-scoped {@link InventoryCount}: read on the scrape threads. */
@Singleton
public class InventoryMetrics implements MeterBinder {

    @Inject
    InventoryCount count;

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("inventory.items", count, InventoryMetrics::items)
                .description("Rows of the item table")
                .register(registry);
    }

    private static double items(InventoryCount count) {
        try {
            return count.items();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
