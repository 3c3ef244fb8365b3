package io.github.promexport.deployment;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A throw-away {@link PostgresServer} as the application's default datasource: started before Quarkus, stopped by its
 * own pid after. The optional init argument {@code sql} runs once the server is up, e.g.
 * {@code @WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "sql", value = "create table item (id serial)"))}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private PostgresServer postgres;
    private String sql;

    @Override
    public void init(Map<String, String> initArgs) {
        sql = initArgs.get("sql");
    }

    @Override
    public Map<String, String> start() {
        try {
            postgres = PostgresServer.start();
            if (sql != null) {
                postgres.psql(sql);
            }
            return postgres.datasourceConfig();
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL for the tests did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }
}
