package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The test harness itself: a fresh cluster answers SQL as the test user on its loopback port, and close() stops
 * exactly the process recorded in postmaster.pid and frees the port.
 */
class PostgresServerStopsByItsOwnPidTest {

    @Test
    void serverAnswersSqlAndIsGoneAfterClose() throws Exception {
        PostgresServer postgres = PostgresServer.start();
        long pid;
        int port;
        try {
            pid = postgres.pid();
            port = postgres.port();
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "server process alive");
            assertFalse(Ports.isFree(port), "server listens on " + port);
            postgres.psql("create table item (id int)");
            postgres.psql("insert into item values (1), (2), (3)");
            assertEquals("3", postgres.psql("select count(*) from item"));
            assertEquals("promexport", postgres.psql("select current_user"));
            assertEquals("jdbc:postgresql://127.0.0.1:" + port + "/promexport", postgres.jdbcUrl());
        } finally {
            postgres.close();
        }
        Optional<ProcessHandle> after = ProcessHandle.of(pid);
        assertFalse(after.isPresent() && after.get().isAlive(), "server process " + pid + " stopped");
        assertTrue(Ports.isFree(port), "port " + port + " released");
        postgres.close();
    }
}
