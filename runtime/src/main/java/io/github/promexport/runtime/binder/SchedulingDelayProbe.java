package io.github.promexport.runtime.binder;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Measures how late an executor runs its tasks: a probe task is scheduled on it every interval, and the delay
 * is the time between when it was due and when it ran. On an event loop that is how long the loop was busy or
 * blocked; on the worker pool (whose scheduler hands due tasks to the pool) it is how long a task waited in the
 * queue for a free thread. Only one probe is pending at a time.
 * <p>
 * While the executor is stuck the probe cannot run, so {@link #delaySeconds()} also counts how overdue the pending
 * probe already is: a scrape during a blockage sees the delay grow instead of the last value measured before it.
 * The fields are written by the executor's threads and read by scrape threads, hence volatile.
 */
public final class SchedulingDelayProbe implements Runnable {

    private final ScheduledExecutorService executor;
    private final long intervalNanos;
    private final LongSupplier clock;
    private volatile long dueAt;
    private volatile long lastDelay;
    private volatile boolean stopped;

    public SchedulingDelayProbe(ScheduledExecutorService executor, long intervalNanos, LongSupplier clock) {
        this.executor = executor;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    public void start() {
        scheduleNext();
    }

    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        if (stopped) {
            return;
        }
        lastDelay = Math.max(0, clock.getAsLong() - dueAt);
        scheduleNext();
    }

    private void scheduleNext() {
        if (stopped || executor.isShutdown()) {
            return;
        }
        dueAt = clock.getAsLong() + intervalNanos;
        try {
            executor.schedule(this, intervalNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            stopped = true;
            dueAt = Long.MAX_VALUE;
        }
    }

    /** The larger of the last measured delay and how overdue the pending probe is, in seconds. */
    public double delaySeconds() {
        long due = dueAt;
        long overdue = due == Long.MAX_VALUE ? 0 : clock.getAsLong() - due;
        return Math.max(lastDelay, overdue) / 1e9;
    }
}
