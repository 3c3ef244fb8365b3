package io.github.promexport.runtime.binder.http;

/**
 * Keeps a request's trace context current while its meters record, so that the timer's exemplar sampler sees the
 * request's span whatever the order of the response's end handlers and the tracer's end of the request. (Vert.x
 * 4.5's HTTP/1.x response runs its end handlers before it reports the response to the tracer, which then closes the
 * span's scope; the HTTP/2 and connection-closed paths were not checked, and capturing makes the order irrelevant.)
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
