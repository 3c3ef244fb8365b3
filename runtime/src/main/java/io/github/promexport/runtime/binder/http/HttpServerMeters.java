package io.github.promexport.runtime.binder.http;

import java.util.Arrays;
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
 * The HTTP server meters. Meters are found by {@code uri} value first (a map keyed by the template string, whose
 * hash is cached), then by a scan of the few (method, status, exception) combinations seen with that value, so
 * that a request repeating a known combination allocates nothing and builds no tags: one map lookup, a short
 * array scan and the timer's recording.
 * <p>
 * Body sizes ({@code http.server.request.size}, {@code http.server.response.size}) are recorded only when asked
 * for ({@value #BODY_SIZES_KEY}): two more recordings per request that few dashboards use.
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
    static final String BODY_SIZES_KEY = "quarkus.prometheus.binder.http-server.body-sizes";
    static final String NO_EXCEPTION = "None";

    private static final Logger LOG = Logger.getLogger(HttpServerMeters.class);
    private static final Meters[] NONE = new Meters[0];

    private final MeterRegistry registry;
    private final int maxUriTags;
    private final boolean bodySizes;
    /**
     * Per {@code uri} value, the meters of every combination seen with it. The arrays are replaced, never
     * changed, under {@link #creation}, so readers need no lock.
     */
    private final ConcurrentHashMap<String, Meters[]> byUri = new ConcurrentHashMap<>();
    private final Object creation = new Object();
    private final AtomicBoolean capWarned = new AtomicBoolean();
    private final LongAdder active = new LongAdder();

    /** HTTP server meters without body sizes. */
    public HttpServerMeters(MeterRegistry registry, int maxUriTags) {
        this(registry, maxUriTags, false);
    }

    /**
     * @param bodySizes whether request and response body sizes are recorded too
     */
    public HttpServerMeters(MeterRegistry registry, int maxUriTags, boolean bodySizes) {
        if (maxUriTags < 1) {
            throw new ConfigurationException(MAX_URI_TAGS_KEY + "=" + maxUriTags
                    + " would drop every request: use a positive number of distinct uri values. Example: "
                    + MAX_URI_TAGS_KEY + "=100", Set.of(MAX_URI_TAGS_KEY));
        }
        this.registry = registry;
        this.maxUriTags = maxUriTags;
        this.bodySizes = bodySizes;
        Gauge.builder(ACTIVE, active, LongAdder::doubleValue)
                .description("HTTP server requests being processed")
                .strongReference(true)
                .register(registry);
    }

    /** Whether {@link #record} uses its byte counts, so that callers can skip reading them. */
    public boolean recordsBodySizes() {
        return bodySizes;
    }

    public void requestStarted() {
        active.increment();
    }

    public void requestEnded() {
        active.decrement();
    }

    /**
     * @param exception the request's failure, or null
     * @param bytesRead the request body's size, ignored unless {@link #recordsBodySizes()}
     * @param bytesWritten the response body's size, ignored unless {@link #recordsBodySizes()}
     */
    public void record(String method, String uri, int status, Throwable exception, long durationNanos,
            long bytesRead, long bytesWritten) {
        Class<? extends Throwable> exceptionType = exception == null ? null : exception.getClass();
        Meters found = find(byUri.get(uri), method, status, exceptionType);
        if (found == null) {
            found = create(method, uri, status, exceptionType);
            if (found == null) {
                return;
            }
        }
        found.duration.record(durationNanos, TimeUnit.NANOSECONDS);
        if (found.requestSize != null) {
            found.requestSize.record(bytesRead);
            found.responseSize.record(bytesWritten);
        }
    }

    private static Meters find(Meters[] known, String method, int status, Class<?> exceptionType) {
        if (known != null) {
            for (Meters meters : known) {
                if (meters.matches(method, status, exceptionType)) {
                    return meters;
                }
            }
        }
        return null;
    }

    private Meters create(String method, String uri, int status, Class<? extends Throwable> exceptionType) {
        // Rare path (a new combination): serialised so that the uri limit is exact.
        synchronized (creation) {
            Meters[] known = byUri.get(uri);
            Meters existing = find(known, method, status, exceptionType);
            if (existing != null) {
                return existing;
            }
            if (known == null) {
                if (byUri.size() >= maxUriTags) {
                    if (capWarned.compareAndSet(false, true)) {
                        LOG.warnf("HTTP server metrics reached %d distinct uri label values: requests with a new uri"
                                + " (first dropped: %s) are no longer recorded. Raise %s, or give those paths one"
                                + " label with quarkus.prometheus.binder.http-server.match-patterns", maxUriTags,
                                uri, MAX_URI_TAGS_KEY);
                    }
                    return null;
                }
                known = NONE;
            }
            Tags tags = Tags.of("method", method, "uri", uri, "status", Integer.toString(status),
                    "outcome", outcome(status), "exception", exceptionName(exceptionType));
            Timer duration = Timer.builder(REQUESTS).description("HTTP server requests").tags(tags).register(registry);
            DistributionSummary requestSize = null;
            DistributionSummary responseSize = null;
            if (bodySizes) {
                requestSize = DistributionSummary.builder(REQUEST_SIZE).description("HTTP server request body sizes")
                        .baseUnit("bytes").tags(tags).register(registry);
                responseSize = DistributionSummary.builder(RESPONSE_SIZE).description("HTTP server response body sizes")
                        .baseUnit("bytes").tags(tags).register(registry);
            }
            Meters created = new Meters(method, status, exceptionType, duration, requestSize, responseSize);
            Meters[] grown = Arrays.copyOf(known, known.length + 1);
            grown[known.length] = created;
            byUri.put(uri, grown);
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

    /** The meters of one (method, status, exception) combination of one uri value. */
    private static final class Meters {
        final String method;
        final int status;
        final Class<?> exceptionType;
        final Timer duration;
        /** Null unless body sizes are recorded; then so is {@link #responseSize}. */
        final DistributionSummary requestSize;
        final DistributionSummary responseSize;

        Meters(String method, int status, Class<?> exceptionType, Timer duration, DistributionSummary requestSize,
                DistributionSummary responseSize) {
            this.method = method;
            this.status = status;
            this.exceptionType = exceptionType;
            this.duration = duration;
            this.requestSize = requestSize;
            this.responseSize = responseSize;
        }

        boolean matches(String method, int status, Class<?> exceptionType) {
            // Vert.x hands out one String instance per standard method: equals() is the rare fallback.
            return this.status == status && this.exceptionType == exceptionType
                    && (this.method == method || this.method.equals(method));
        }
    }
}
