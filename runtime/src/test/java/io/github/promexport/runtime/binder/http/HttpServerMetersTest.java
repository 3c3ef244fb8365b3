package io.github.promexport.runtime.binder.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class HttpServerMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void repeatedCombinationsShareOneTimerAndNewUrisStopAtTheCap() {
        HttpServerMeters meters = new HttpServerMeters(registry, 2);
        meters.record("GET", "/a", 200, null, 1_000, 0, 10);
        meters.record("GET", "/a", 200, null, 1_000, 0, 10);
        meters.record("GET", "/a", 500, new IllegalStateException(), 1_000, 0, 10);
        meters.record("GET", "/b", 200, null, 1_000, 0, 10);
        meters.record("GET", "/c", 200, null, 1_000, 0, 10);
        // An existing uri with a new status is still recorded past the cap.
        meters.record("POST", "/b", 201, null, 1_000, 5, 10);

        assertEquals(2, registry.get(HttpServerMeters.REQUESTS).tag("uri", "/a").tag("status", "200").timer().count());
        assertEquals(1, registry.get(HttpServerMeters.REQUESTS).tag("exception", "IllegalStateException")
                .tag("outcome", "SERVER_ERROR").timer().count());
        assertNull(registry.find(HttpServerMeters.REQUESTS).tag("uri", "/c").timer());
        assertEquals(1, registry.get(HttpServerMeters.REQUESTS).tag("uri", "/b").tag("method", "POST").timer().count());
        assertEquals(Set.of("/a", "/b"), registry.find(HttpServerMeters.REQUESTS).timers().stream()
                .map(timer -> timer.getId().getTag("uri")).collect(Collectors.toSet()));
    }

    @Test
    void outcomesFollowTheStatusClass() {
        assertEquals("INFORMATIONAL", HttpServerMeters.outcome(101));
        assertEquals("SUCCESS", HttpServerMeters.outcome(204));
        assertEquals("REDIRECTION", HttpServerMeters.outcome(304));
        assertEquals("CLIENT_ERROR", HttpServerMeters.outcome(404));
        assertEquals("SERVER_ERROR", HttpServerMeters.outcome(503));
        assertEquals("UNKNOWN", HttpServerMeters.outcome(0));
    }
}
