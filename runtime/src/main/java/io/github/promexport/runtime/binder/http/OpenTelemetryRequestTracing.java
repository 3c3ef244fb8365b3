package io.github.promexport.runtime.binder.http;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * {@link RequestTracing} over OpenTelemetry: the request's OpenTelemetry context, which Quarkus keeps in the
 * request's Vert.x context while the request is handled, is captured when the measuring filter runs and made current
 * again when the request is recorded. Loaded only when quarkus-opentelemetry provides tracing.
 */
final class OpenTelemetryRequestTracing implements RequestTracing {

    @Override
    public Object capture() {
        Context current = Context.current();
        return Span.fromContext(current).getSpanContext().isValid() ? current : null;
    }

    @Override
    public Restored restore(Object captured) {
        Scope scope = ((Context) captured).makeCurrent();
        return scope::close;
    }
}
