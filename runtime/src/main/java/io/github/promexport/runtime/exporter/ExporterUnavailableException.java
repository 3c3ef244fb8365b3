package io.github.promexport.runtime.exporter;

/**
 * The dedicated exporter could not bind its port, or any port of its range, and
 * {@code quarkus.prometheus.export.fail-when-unavailable} is {@code true}.
 */
public final class ExporterUnavailableException extends RuntimeException {

    public ExporterUnavailableException(String message) {
        super(message);
    }
}
