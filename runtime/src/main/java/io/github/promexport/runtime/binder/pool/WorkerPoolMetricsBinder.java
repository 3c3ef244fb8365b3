package io.github.promexport.runtime.binder.pool;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

import jakarta.annotation.PreDestroy;

import org.jboss.logging.Logger;
import org.jboss.threads.EnhancedQueueExecutor;

import io.github.promexport.runtime.binder.SchedulingDelayProbe;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.quarkus.runtime.ExecutorRecorder;

/**
 * Starvation signals of the Quarkus worker pool, the executor behind blocking endpoints, {@code @Blocking} and
 * Vert.x {@code executeBlocking}. Everything is read at scrape time or by one probe task, so tasks pay nothing:
 * <ul>
 * <li>{@code worker_pool_active_threads}: pool threads running a task (the others are parked on the pool);</li>
 * <li>{@code worker_pool_threads} and {@code worker_pool_max_threads}: started threads and the limit;</li>
 * <li>{@code worker_pool_queue_delay_seconds}: how long a task submitted to the pool waits for a thread,
 * measured by a probe every 200 ms, and growing while the pool is saturated;</li>
 * <li>{@code worker_pool_queued_tasks}, {@code worker_pool_rejected_tasks_total},
 * {@code worker_pool_completed_tasks_total}: only when the executor keeps those counts, that is when
 * {@code quarkus.thread-pool.queue-size} is set (queued tasks) or JBoss Threads statistics are on
 * ({@code -Djboss.threads.eqe.statistics=true}); with Quarkus's default unbounded queue and statistics off
 * the executor does not count them.</li>
 * </ul>
 * Beside quarkus-micrometer's Vert.x binder, whose pool timer already takes the name
 * {@code worker_pool_queue_delay_seconds}, the probe's gauge is {@code worker_pool_queue_probe_delay_seconds}
 * ({@link BesideQuarkusMicrometer}). Neither class is annotated: the build registers the one that applies as a
 * singleton bean (an annotated superclass would become a bean of its own beside the subclass).
 */
public class WorkerPoolMetricsBinder implements MeterBinder {

    static final String QUEUE_DELAY = "worker.pool.queue.delay";
    static final String QUEUE_PROBE_DELAY = "worker.pool.queue.probe.delay";

    static final long PROBE_INTERVAL_MILLIS = 200;
    private static final Logger LOG = Logger.getLogger(WorkerPoolMetricsBinder.class);

    private volatile SchedulingDelayProbe probe;

    @Override
    public void bindTo(MeterRegistry registry) {
        Executor current = ExecutorRecorder.getCurrent();
        EnhancedQueueExecutor pool = workerPool(current);
        if (pool == null) {
            LOG.debugf("The worker pool is not an EnhancedQueueExecutor (%s): no worker pool meters", current);
            return;
        }
        Gauge.builder("worker.pool.active.threads", pool, WorkerPoolMetricsBinder::activeThreads)
                .description("Worker pool threads running a task").strongReference(true).register(registry);
        Gauge.builder("worker.pool.threads", pool, EnhancedQueueExecutor::getPoolSize)
                .description("Worker pool threads started").strongReference(true).register(registry);
        Gauge.builder("worker.pool.max.threads", pool, EnhancedQueueExecutor::getMaximumPoolSize)
                .description("The most threads the worker pool may start").strongReference(true).register(registry);

        SchedulingDelayProbe queueProbe = new SchedulingDelayProbe(pool,
                Duration.ofMillis(PROBE_INTERVAL_MILLIS).toNanos(), System::nanoTime);
        Gauge.builder(queueDelayName(), queueProbe, SchedulingDelayProbe::delaySeconds)
                .description("How long a task submitted to the worker pool waits for a thread; grows while the pool"
                        + " is saturated")
                .baseUnit("seconds").strongReference(true).register(registry);
        probe = queueProbe;
        queueProbe.start();

        if (pool.getQueueSize() >= 0) {
            Gauge.builder("worker.pool.queued.tasks", pool, EnhancedQueueExecutor::getQueueSize)
                    .description("Tasks waiting for a free worker pool thread").strongReference(true)
                    .register(registry);
        }
        if (pool.getRejectedTaskCount() >= 0) {
            FunctionCounter.builder("worker.pool.rejected.tasks", pool, EnhancedQueueExecutor::getRejectedTaskCount)
                    .description("Tasks the worker pool rejected because it was saturated").register(registry);
        }
        if (pool.getCompletedTaskCount() >= 0) {
            FunctionCounter.builder("worker.pool.completed.tasks", pool, EnhancedQueueExecutor::getCompletedTaskCount)
                    .description("Tasks the worker pool completed").register(registry);
        }
    }

    /** The probe gauge's name. */
    String queueDelayName() {
        return QUEUE_DELAY;
    }

    /**
     * The binder when quarkus-micrometer's Vert.x binder is on: its {@code worker.pool.queue.delay} timer (the wait
     * of the tasks that did run, per Vert.x pool) and this probe (the wait right now, growing while the pool is
     * saturated) are different measurements, so the probe's gauge takes another name instead of being refused.
     */
    public static class BesideQuarkusMicrometer extends WorkerPoolMetricsBinder {
        @Override
        String queueDelayName() {
            return QUEUE_PROBE_DELAY;
        }
    }

    @PreDestroy
    void stop() {
        SchedulingDelayProbe current = probe;
        if (current != null) {
            current.stop();
        }
    }

    /**
     * The executor's own active count needs JBoss Threads statistics, off by default. Otherwise: an idle pool
     * thread is parked with the pool as its blocker, so the active ones are the others.
     */
    static double activeThreads(EnhancedQueueExecutor pool) {
        int counted = pool.getActiveCount();
        if (counted >= 0) {
            return counted;
        }
        int active = 0;
        for (Thread thread : pool.getRunningThreads()) {
            if (LockSupport.getBlocker(thread) != pool) {
                active++;
            }
        }
        return active;
    }

    /**
     * Outside dev mode Quarkus hands out the executor wrapped in a {@code ForwardingExecutorService} that ignores
     * shutdown; its {@code delegate()} is protected, hence the reflection (registered for native images).
     */
    static EnhancedQueueExecutor workerPool(Executor executor) {
        Executor current = executor;
        for (int depth = 0; depth < 3 && current != null; depth++) {
            if (current instanceof EnhancedQueueExecutor pool) {
                return pool;
            }
            current = delegate(current);
        }
        return null;
    }

    private static Executor delegate(Executor wrapper) {
        for (Class<?> type = wrapper.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Method delegate = type.getDeclaredMethod("delegate");
                delegate.setAccessible(true);
                Object result = delegate.invoke(wrapper);
                return result instanceof Executor next ? next : null;
            } catch (NoSuchMethodException e) {
                // try the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
