package io.github.promexport.runtime.binder.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    void bodySizesAreRecordedOnlyWhenAskedFor() {
        HttpServerMeters without = new HttpServerMeters(registry, 10);
        without.record("POST", "/a", 200, null, 1_000, 12, 34);
        assertFalse(without.recordsBodySizes());
        assertNull(registry.find(HttpServerMeters.REQUEST_SIZE).summary());
        assertNull(registry.find(HttpServerMeters.RESPONSE_SIZE).summary());

        SimpleMeterRegistry other = new SimpleMeterRegistry();
        HttpServerMeters with = new HttpServerMeters(other, 10, true);
        with.record("POST", "/a", 200, null, 1_000, 12, 34);
        with.record("POST", "/a", 200, null, 1_000, 8, 6);
        assertTrue(with.recordsBodySizes());
        assertEquals(20, other.get(HttpServerMeters.REQUEST_SIZE).tag("uri", "/a").summary().totalAmount());
        assertEquals(40, other.get(HttpServerMeters.RESPONSE_SIZE).tag("uri", "/a").summary().totalAmount());
        assertEquals(2, other.get(HttpServerMeters.REQUESTS).tag("uri", "/a").timer().count());
    }

    @Test
    void methodsAreComparedByValueNotIdentity() {
        HttpServerMeters meters = new HttpServerMeters(registry, 10);
        meters.record("GET", "/a", 200, null, 1_000, 0, 0);
        meters.record(new String("GET"), "/a", 200, null, 1_000, 0, 0);
        meters.record("GET", new String("/a"), 200, null, 1_000, 0, 0);
        assertEquals(1, registry.find(HttpServerMeters.REQUESTS).timers().size());
        assertEquals(3, registry.get(HttpServerMeters.REQUESTS).timer().count());
    }

    @Test
    void concurrentRecordingsCountEveryRequestAndRespectTheCap() throws Exception {
        HttpServerMeters meters = new HttpServerMeters(registry, 5);
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int n = (i + seed) % 8;
                        meters.record(n % 2 == 0 ? "GET" : "POST", "/u" + (n % 4), 200 + n % 3, null, 1_000, 0, 0);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long counted = registry.find(HttpServerMeters.REQUESTS).timers().stream().mapToLong(timer -> timer.count()).sum();
        assertEquals((long) threads * perThread, counted);
        // 4 uri values, 2 methods x 3 statuses each at most: every combination got exactly one timer.
        assertEquals(4, registry.find(HttpServerMeters.REQUESTS).timers().stream()
                .map(timer -> timer.getId().getTag("uri")).distinct().count());
        assertEquals(registry.find(HttpServerMeters.REQUESTS).timers().size(), registry.find(HttpServerMeters.REQUESTS)
                .timers().stream().map(timer -> timer.getId().getTags()).distinct().count());
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
