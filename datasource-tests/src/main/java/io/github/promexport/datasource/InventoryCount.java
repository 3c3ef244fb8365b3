package io.github.promexport.datasource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * A request-scoped read of the database, as an application would write one for a request: calling it needs an
 * active CDI request context.
 */
@RequestScoped
public class InventoryCount {

    @Inject
    DataSource dataSource;

    public long items() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select count(*) from item")) {
            result.next();
            return result.getLong(1);
        }
    }
}
