package io.github.promexport.runtime.binder.eventloop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.github.promexport.runtime.binder.SchedulingDelayProbe;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/**
 * {@code vertx_event_loop_delay_seconds{loop="0"}}, one gauge per Vert.x event loop: how late a task scheduled
 * on that loop runs. A healthy loop stays under a millisecond; a loop blocked by application code shows the
 * blockage growing.
 * <p>
 * Each probe is a plain Netty scheduled task every {@value #INTERVAL_MILLIS} ms: a few microseconds of loop
 * time, no Vert.x context, no allocation beyond Netty's task wrapper.
 */
@Singleton
public class EventLoopDelayBinder implements MeterBinder {

    static final long INTERVAL_MILLIS = 200;

    private final Vertx vertx;
    private final List<SchedulingDelayProbe> probes = new ArrayList<>();

    @Inject
    public EventLoopDelayBinder(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        int index = 0;
        for (EventExecutor loop : ((VertxInternal) vertx).getEventLoopGroup()) {
            SchedulingDelayProbe probe = new SchedulingDelayProbe(loop, Duration.ofMillis(INTERVAL_MILLIS).toNanos(),
                    System::nanoTime);
            synchronized (probes) {
                probes.add(probe);
            }
            Gauge.builder("vertx.event.loop.delay", probe, SchedulingDelayProbe::delaySeconds)
                    .description("How late a task scheduled on the event loop runs; grows while the loop is blocked")
                    .baseUnit("seconds")
                    .tag("loop", Integer.toString(index++))
                    .strongReference(true)
                    .register(registry);
            probe.start();
        }
    }

    @PreDestroy
    void stop() {
        synchronized (probes) {
            probes.forEach(SchedulingDelayProbe::stop);
            probes.clear();
        }
    }
}
