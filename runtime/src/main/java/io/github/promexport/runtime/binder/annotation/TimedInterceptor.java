package io.github.promexport.runtime.binder.annotation;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.micrometer.core.annotation.Timed;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Times methods annotated {@link Timed} (or every method of an annotated class), as Micrometer's
 * {@code TimedAspect} does: timer {@code method.timed} unless named, tagged {@code class}, {@code method},
 * {@code exception} (the simple class name, or {@code none}), the annotation's {@code extraTags} and the
 * {@code @MeterTag} parameters; {@code percentiles}, {@code histogram} and {@code serviceLevelObjectives} (in
 * seconds) are honoured. With {@code longTask = true} a long task timer tracks the invocations in flight
 * instead. A method returning a {@link CompletionStage} is timed until the stage completes.
 */
@Timed
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
public class TimedInterceptor {

    static final String DEFAULT_NAME = "method.timed";
    /** Prometheus linters want HELP text on every family. */
    static final String DEFAULT_DESCRIPTION = "Duration of a method annotated @Timed";
    static final String DEFAULT_LONG_TASK_DESCRIPTION = "Invocations in progress of a method annotated @Timed(longTask = true)";

    private final MeterRegistry registry;

    @Inject
    public TimedInterceptor(MeterRegistry registry) {
        this.registry = registry;
    }

    @AroundInvoke
    Object time(InvocationContext context) throws Exception {
        Timed timed = context.getInterceptorBinding(Timed.class);
        if (timed == null) {
            return context.proceed();
        }
        Method method = context.getMethod();
        String name = timed.value().isEmpty() ? DEFAULT_NAME : timed.value();
        Tags tags = MeterTagSupport.invocationTags(method, timed.extraTags(), context.getParameters());
        if (timed.longTask()) {
            return timeLongTask(context, timed, name, tags);
        }
        Timer.Sample sample = Timer.start(registry);
        Object result;
        try {
            result = context.proceed();
        } catch (Exception | Error e) {
            stop(sample, timed, name, tags, e);
            throw e;
        }
        if (result instanceof CompletionStage<?> stage) {
            return stage.whenComplete((value, failure) -> stop(sample, timed, name, tags,
                    CountedInterceptor.unwrap(failure)));
        }
        stop(sample, timed, name, tags, null);
        return result;
    }

    private Object timeLongTask(InvocationContext context, Timed timed, String name, Tags tags) throws Exception {
        LongTaskTimer.Sample sample = LongTaskTimer.builder(name)
                .description(timed.description().isEmpty() ? DEFAULT_LONG_TASK_DESCRIPTION : timed.description())
                .tags(tags)
                .register(registry)
                .start();
        Object result;
        try {
            result = context.proceed();
        } catch (Exception | Error e) {
            sample.stop();
            throw e;
        }
        if (result instanceof CompletionStage<?> stage) {
            return stage.whenComplete((value, failure) -> sample.stop());
        }
        sample.stop();
        return result;
    }

    private void stop(Timer.Sample sample, Timed timed, String name, Tags tags, Throwable failure) {
        Timer.Builder timer = Timer.builder(name)
                .description(timed.description().isEmpty() ? DEFAULT_DESCRIPTION : timed.description())
                .tags(tags)
                .tag("exception", CountedInterceptor.exceptionName(failure))
                .publishPercentileHistogram(timed.histogram() ? Boolean.TRUE : null)
                .publishPercentiles(timed.percentiles().length == 0 ? null : timed.percentiles());
        if (timed.serviceLevelObjectives().length > 0) {
            Duration[] objectives = new Duration[timed.serviceLevelObjectives().length];
            for (int i = 0; i < objectives.length; i++) {
                objectives[i] = Duration.ofNanos((long) (timed.serviceLevelObjectives()[i] * 1e9));
            }
            timer.serviceLevelObjectives(objectives);
        }
        sample.stop(timer.register(registry));
    }
}
