package io.github.promexport.runtime.exposition.fast;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusCounter;
import io.micrometer.prometheusmetrics.PrometheusDistributionSummary;
import io.micrometer.prometheusmetrics.PrometheusTimer;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;

/**
 * The exemplars Micrometer's Prometheus meters keep, read with the package-private methods its collectors call
 * ({@code PrometheusCounter.exemplar()}, {@code PrometheusTimer.exemplars()},
 * {@code PrometheusDistributionSummary.exemplars()}), so that a scrape reads them without a client collect.
 * <p>
 * Micrometer offers no public accessor. When these methods cannot be found (another Micrometer version), a
 * registry that samples exemplars is left to the client's writers ({@link #AVAILABLE} is false); native images keep
 * the methods through the extension's reflection registration.
 */
final class MicrometerExemplars {

    private static final MethodHandle COUNTER = find(PrometheusCounter.class, "exemplar", Exemplar.class);
    private static final MethodHandle TIMER = find(PrometheusTimer.class, "exemplars", Exemplars.class);
    private static final MethodHandle SUMMARY = find(PrometheusDistributionSummary.class, "exemplars",
            Exemplars.class);
    static final boolean AVAILABLE = COUNTER != null && TIMER != null && SUMMARY != null;

    private MicrometerExemplars() {
    }

    /** The counter's latest exemplar, or null (no exemplar yet, or not a Prometheus counter). */
    static Exemplar ofCounter(Meter counter) {
        if (!(counter instanceof PrometheusCounter)) {
            return null;
        }
        try {
            return (Exemplar) COUNTER.invokeExact((PrometheusCounter) counter);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** The timer's exemplars, values in nanoseconds as Micrometer samples them; empty for other meters. */
    static Exemplars ofTimer(Meter timer) {
        if (!(timer instanceof PrometheusTimer)) {
            return Exemplars.EMPTY;
        }
        try {
            return (Exemplars) TIMER.invokeExact((PrometheusTimer) timer);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    static Exemplars ofSummary(PrometheusDistributionSummary summary) {
        try {
            return (Exemplars) SUMMARY.invokeExact(summary);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static MethodHandle find(Class<?> owner, String name, Class<?> type) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
            return lookup.findVirtual(owner, name, MethodType.methodType(type));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException) {
            return (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        return new IllegalStateException(e);
    }
}
