package io.github.promexport.micrometer.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/** A scheduled job that asks the database for its time every second: scheduler and pool metrics both move. */
@ApplicationScoped
public class Heartbeat {

    @Inject
    AgroalDataSource dataSource;

    private final AtomicLong beats = new AtomicLong();

    @Scheduled(every = "1s", identity = "heartbeat")
    void beat() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select now()")) {
            result.next();
            beats.incrementAndGet();
        }
    }

    public long beats() {
        return beats.get();
    }
}
