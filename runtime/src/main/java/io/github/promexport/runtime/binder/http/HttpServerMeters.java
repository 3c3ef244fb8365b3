package io.github.promexport.runtime.binder.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The HTTP server meters. Meters are looked up in a cache keyed by (method, uri, status, exception), so a
 * request that repeats a known combination costs one map lookup and three recordings, and no tag building.
 * <p>
 * The cardinality guard: at most {@code maxUriTags} distinct {@code uri} values get meters; a request with a
 * new value past that limit is dropped and a single WARN names the key to raise.
 */
public final class HttpServerMeters {

    static final String REQUESTS = "http.server.requests";
    static final String ACTIVE = "http.server.active.requests";
    static final String REQUEST_SIZE = "http.server.request.size";
    static final String RESPONSE_SIZE = "http.server.response.size";
    static final String MAX_URI_TAGS_KEY = "quarkus.prometheus.binder.http-server.max-uri-tags";
    static final String NO_EXCEPTION = "None";

    private static final Logger LOG = Logger.getLogger(HttpServerMeters.class);

    private final MeterRegistry registry;
    private final int maxUriTags;
    private final ConcurrentHashMap<Key, Meters> meters = new ConcurrentHashMap<>();
    private final Set<String> uris = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean capWarned = new AtomicBoolean();
    private final LongAdder active = new LongAdder();

    public HttpServerMeters(MeterRegistry registry, int maxUriTags) {
        if (maxUriTags < 1) {
            throw new ConfigurationException(MAX_URI_TAGS_KEY + "=" + maxUriTags
                    + " would drop every request: use a positive number of distinct uri values. Example: "
                    + MAX_URI_TAGS_KEY + "=100", Set.of(MAX_URI_TAGS_KEY));
        }
        this.registry = registry;
        this.maxUriTags = maxUriTags;
        Gauge.builder(ACTIVE, active, LongAdder::doubleValue)
                .description("HTTP server requests being processed")
                .strongReference(true)
                .register(registry);
    }

    public void requestStarted() {
        active.increment();
    }

    public void requestEnded() {
        active.decrement();
    }

    /**
     * @param exception the request's failure, or null
     */
    public void record(String method, String uri, int status, Throwable exception, long durationNanos,
            long bytesRead, long bytesWritten) {
        Key key = new Key(method, uri, status, exception == null ? null : exception.getClass());
        Meters found = meters.get(key);
        if (found == null) {
            found = create(key);
            if (found == null) {
                return;
            }
        }
        found.duration.record(durationNanos, TimeUnit.NANOSECONDS);
        found.requestSize.record(bytesRead);
        found.responseSize.record(bytesWritten);
    }

    private Meters create(Key key) {
        // Rare path (a new combination): serialised so that the uri limit is exact.
        synchronized (uris) {
            Meters existing = meters.get(key);
            if (existing != null) {
                return existing;
            }
            if (!uris.contains(key.uri)) {
                if (uris.size() >= maxUriTags) {
                    if (capWarned.compareAndSet(false, true)) {
                        LOG.warnf("HTTP server metrics reached %d distinct uri label values: requests with a new uri"
                                + " (first dropped: %s) are no longer recorded. Raise %s, or give those paths one"
                                + " label with quarkus.prometheus.binder.http-server.match-patterns", maxUriTags,
                                key.uri, MAX_URI_TAGS_KEY);
                    }
                    return null;
                }
                uris.add(key.uri);
            }
            Tags tags = Tags.of("method", key.method, "uri", key.uri, "status", Integer.toString(key.status),
                    "outcome", outcome(key.status), "exception", exceptionName(key.exception));
            Meters created = new Meters(
                    Timer.builder(REQUESTS).description("HTTP server requests").tags(tags).register(registry),
                    DistributionSummary.builder(REQUEST_SIZE).description("HTTP server request body sizes")
                            .baseUnit("bytes").tags(tags).register(registry),
                    DistributionSummary.builder(RESPONSE_SIZE).description("HTTP server response body sizes")
                            .baseUnit("bytes").tags(tags).register(registry));
            meters.put(key, created);
            return created;
        }
    }

    static String outcome(int status) {
        if (status >= 100 && status < 200) {
            return "INFORMATIONAL";
        }
        if (status >= 200 && status < 300) {
            return "SUCCESS";
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (status >= 400 && status < 500) {
            return "CLIENT_ERROR";
        }
        if (status >= 500 && status < 600) {
            return "SERVER_ERROR";
        }
        return "UNKNOWN";
    }

    static String exceptionName(Class<?> exception) {
        if (exception == null) {
            return NO_EXCEPTION;
        }
        String simpleName = exception.getSimpleName();
        return simpleName.isEmpty() ? exception.getName() : simpleName;
    }

    private record Key(String method, String uri, int status, Class<?> exception) {
    }

    private record Meters(Timer duration, DistributionSummary requestSize, DistributionSummary responseSize) {
    }
}
