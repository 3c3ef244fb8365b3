package io.github.promexport.datasource;

import java.util.Map;

import io.github.promexport.deployment.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A throw-away PostgreSQL cluster with an empty {@code item} table, the application's default datasource. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private PostgresServer postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = PostgresServer.start();
            postgres.psql("create table item (id serial primary key, name text)");
            return postgres.datasourceConfig();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start PostgreSQL for the tests: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }
}
