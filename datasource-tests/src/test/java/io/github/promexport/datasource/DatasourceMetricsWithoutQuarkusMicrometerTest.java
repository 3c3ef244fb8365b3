package io.github.promexport.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.github.promexport.deployment.PostgresTestResource;
import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Agroal publishes its pool metrics through Quarkus's MetricsFactory; without quarkus-micrometer, the extension
 * consumes it: the pool of a real PostgreSQL datasource is measured, on the route and on the dedicated port alike,
 * under names that pass promtool.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "sql", value = "create table item (id serial primary key, name text)"))
class DatasourceMetricsWithoutQuarkusMicrometerTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PrometheusExporterEndpoint exporter;

    @Test
    void poolMetricsOfARealDatabaseOnBothEndpoints() throws Exception {
        try (Connection held = dataSource.getConnection()) {
            String route = Scrapes.get("/q/metrics");
            String dedicated = Scrapes.get(exporter.url().orElseThrow().toString());
            for (String exposition : List.of(route, dedicated)) {
                assertEquals(1.0, Scrapes.value(exposition, "agroal_active{datasource=\"default\"}"),
                        "the connection held is active");
                // Agroal's counters are counters: _total, and a value on the pool's series
                Scrapes.value(exposition, "agroal_acquire_count_total{datasource=\"default\"}");
                assertTrue(exposition.contains("# TYPE agroal_creation_count_total counter"), exposition);
                assertTrue(exposition.contains("# TYPE agroal_blocking_time_max_seconds gauge"),
                        "milliseconds are converted to seconds:\n" + exposition);
                assertTrue(exposition.contains("# HELP agroal_available "), "Agroal's descriptions are the HELP");
                assertFalse(exposition.contains("_milliseconds"), "no unit but seconds");
                Scrapes.assertPromtoolClean(exposition);
            }
        }
        String after = Scrapes.get(exporter.url().orElseThrow().toString());
        assertEquals(0.0, Scrapes.value(after, "agroal_active{datasource=\"default\"}"),
                "the connection went back to the pool");
    }
}
