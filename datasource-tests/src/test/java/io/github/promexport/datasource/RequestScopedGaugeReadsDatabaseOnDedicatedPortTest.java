package io.github.promexport.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.Statement;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.github.promexport.deployment.PostgresTestResource;
import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A gauge whose function calls a {@code @RequestScoped} bean that queries PostgreSQL is read on the scrape threads,
 * where no request context is active: the scrape activates one. The dedicated port reports the row count, and the
 * new one after rows are added; so does the route.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "sql", value = "create table item (id serial primary key, name text)"))
class RequestScopedGaugeReadsDatabaseOnDedicatedPortTest {

    private static final String SERIES = "inventory_items";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PrometheusExporterEndpoint exporter;

    @Test
    void gaugeFollowsTheTable() throws Exception {
        String url = exporter.url().orElseThrow().toString();
        execute("delete from item");
        assertEquals(0.0, Scrapes.value(Scrapes.get(url), SERIES));

        execute("insert into item (name) values ('a'), ('b'), ('c')");
        String dedicated = Scrapes.get(url);
        assertEquals(3.0, Scrapes.value(dedicated, SERIES), "the fast path reads it in a request context");
        assertEquals(3.0, Scrapes.value(Scrapes.get(url + "?name[]=" + SERIES), SERIES),
                "so does the client's path (a name[] filter)");
        Scrapes.assertPromtoolClean(dedicated);

        execute("insert into item (name) values ('d')");
        assertEquals(4.0, Scrapes.value(Scrapes.get(url), SERIES));
        assertEquals(4.0, Scrapes.value(Scrapes.get("/q/metrics"), SERIES), "and the route");
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
