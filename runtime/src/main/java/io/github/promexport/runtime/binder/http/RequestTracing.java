package io.github.promexport.runtime.binder.http;

/**
 * Keeps a request's trace context current while its meters record, so that the timer's exemplar sampler sees the
 * request's span: by the time the response has ended, the tracer has already closed the span's scope.
 */
interface RequestTracing {

    /** Called as the request starts, on its context: what to restore when it ends, or null (no span). */
    Object capture();

    /** Makes {@code captured} current until the returned scope is closed, on the thread that records. */
    Restored restore(Object captured);

    /** The scope of a restored trace context. */
    interface Restored extends AutoCloseable {
        @Override
        void close();
    }
}
