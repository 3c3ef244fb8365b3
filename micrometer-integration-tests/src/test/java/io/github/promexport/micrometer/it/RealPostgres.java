package io.github.promexport.micrometer.it;

import java.util.Map;

import io.github.promexport.deployment.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real PostgreSQL for the application's datasource: started before Quarkus, stopped by its pid after. */
public class RealPostgres implements QuarkusTestResourceLifecycleManager {

    private PostgresServer postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = PostgresServer.start();
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL did not start: " + e.getMessage(), e);
        }
        return postgres.datasourceConfig();
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }
}
