package io.github.promexport.it;

import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** A MeterBinder bean of the application: the extension binds it to its registry at startup. */
@Singleton
public class QueueDepth implements MeterBinder {

    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("demo.queue.depth", queue, ConcurrentLinkedQueue::size)
                .description("Items waiting in the demo queue")
                .baseUnit("items")
                .register(registry);
    }
}
