package io.github.promexport.runtime.binder.annotation;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.micrometer.core.annotation.Counted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Counts invocations of methods annotated {@link Counted} (or of every method of an annotated class), as
 * Micrometer's {@code CountedAspect} does: counter {@code method.counted} unless named, tagged {@code class},
 * {@code method}, {@code result} ({@code success} or {@code failure}), {@code exception} (the simple class name,
 * or {@code none}), the annotation's {@code extraTags} and the {@code @MeterTag} parameters. A method returning
 * a {@link CompletionStage} is counted when the stage completes.
 */
@Counted
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
public class CountedInterceptor {

    static final String DEFAULT_NAME = "method.counted";
    /** Prometheus linters want HELP text on every family. */
    static final String DEFAULT_DESCRIPTION = "Invocations of a method annotated @Counted";

    private final MeterRegistry registry;

    @Inject
    public CountedInterceptor(MeterRegistry registry) {
        this.registry = registry;
    }

    @AroundInvoke
    Object count(InvocationContext context) throws Exception {
        Counted counted = context.getInterceptorBinding(Counted.class);
        if (counted == null) {
            return context.proceed();
        }
        Method method = context.getMethod();
        Tags tags = MeterTagSupport.invocationTags(method, counted.extraTags(), context.getParameters());
        Object result;
        try {
            result = context.proceed();
        } catch (Exception | Error e) {
            record(counted, tags, e);
            throw e;
        }
        if (result instanceof CompletionStage<?> stage) {
            return stage.whenComplete((value, failure) -> record(counted, tags, unwrap(failure)));
        }
        record(counted, tags, null);
        return result;
    }

    private void record(Counted counted, Tags tags, Throwable failure) {
        if (failure == null && counted.recordFailuresOnly()) {
            return;
        }
        Counter.builder(counted.value().isEmpty() ? DEFAULT_NAME : counted.value())
                .description(counted.description().isEmpty() ? DEFAULT_DESCRIPTION : counted.description())
                .tags(tags)
                .tag("result", failure == null ? "success" : "failure")
                .tag("exception", exceptionName(failure))
                .register(registry)
                .increment();
    }

    static String exceptionName(Throwable failure) {
        if (failure == null) {
            return "none";
        }
        String simpleName = failure.getClass().getSimpleName();
        return simpleName.isEmpty() ? failure.getClass().getName() : simpleName;
    }

    static Throwable unwrap(Throwable failure) {
        if (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
            return failure.getCause();
        }
        return failure;
    }
}
