package io.github.promexport.runtime.registry;

import jakarta.inject.Singleton;

import io.opentelemetry.api.trace.Span;
import io.prometheus.metrics.tracer.common.SpanContext;
import io.quarkus.arc.DefaultBean;

/**
 * The span context the registry's exemplar samplers ask when a counter or timer records: OpenTelemetry's current
 * span, when it is valid and sampled (an unsampled trace is never exported, so an exemplar pointing at it would lead
 * nowhere). A bean only when quarkus-opentelemetry provides tracing; an application's own {@link SpanContext} bean
 * replaces it.
 */
@Singleton
@DefaultBean
public class OpenTelemetrySpanContext implements SpanContext {

    /** The attribute Prometheus's own OpenTelemetry span context sets on a span an exemplar points to. */
    static final String EXEMPLAR_ATTRIBUTE = "exemplar";

    @Override
    public String getCurrentTraceId() {
        io.opentelemetry.api.trace.SpanContext current = Span.current().getSpanContext();
        return current.isValid() ? current.getTraceId() : null;
    }

    @Override
    public String getCurrentSpanId() {
        io.opentelemetry.api.trace.SpanContext current = Span.current().getSpanContext();
        return current.isValid() ? current.getSpanId() : null;
    }

    @Override
    public boolean isCurrentSpanSampled() {
        io.opentelemetry.api.trace.SpanContext current = Span.current().getSpanContext();
        return current.isValid() && current.isSampled();
    }

    /**
     * Marks the span so that a tail-sampling collector can keep the traces exemplars point to. A span that has
     * already ended (an HTTP request's, when its timer records) ignores the attribute.
     */
    @Override
    public void markCurrentSpanAsExemplar() {
        Span current = Span.current();
        if (current.isRecording()) {
            current.setAttribute(EXEMPLAR_ATTRIBUTE, "true");
        }
    }
}
