package io.github.promexport.runtime.exporter;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.tls.CertificateUpdatedEvent;
import io.vertx.core.Context;
import io.vertx.core.net.SSLOptions;

/**
 * Hands reloaded certificates to the dedicated exporter. The Quarkus TLS registry reloads a configuration (on its
 * {@code reload-period}, or when an application calls {@code TlsConfiguration.reload()} and fires the event) and
 * announces it with a {@link CertificateUpdatedEvent}; the exporter registered under that configuration's name then
 * takes the new SSL options: new connections use the new certificate, open ones keep theirs.
 * <p>
 * The observer may be called on any thread: off an event loop it returns once the server has the new options (at
 * most 10 s), on an event loop it never blocks and the update completes asynchronously.
 */
@Singleton
public class ExporterCertificateReloader {

    private static final Logger LOG = Logger.getLogger(ExporterCertificateReloader.class);
    private static final long UPDATE_TIMEOUT_SECONDS = 10;

    private final List<Registration> registrations = new CopyOnWriteArrayList<>();

    /**
     * Registers a server for the reloads of a TLS configuration.
     *
     * @param update applies new SSL options to the server; completes with whether they changed anything
     * @return unregisters the server, on shutdown
     */
    public Runnable register(String tlsConfigurationName, Function<SSLOptions, CompletionStage<Boolean>> update) {
        Registration registration = new Registration(tlsConfigurationName, update);
        registrations.add(registration);
        return () -> registrations.remove(registration);
    }

    void onCertificateUpdate(@Observes CertificateUpdatedEvent event) {
        for (Registration registration : registrations) {
            if (!registration.tlsConfigurationName().equals(event.name())) {
                continue;
            }
            CompletableFuture<Boolean> updated = registration.update().apply(event.tlsConfiguration().getSSLOptions())
                    .toCompletableFuture().whenComplete((changed, failure) -> {
                        if (failure != null) {
                            LOG.errorf(failure, "The dedicated Prometheus exporter could not take the reloaded certificate"
                                    + " of the TLS configuration \"%s\": it keeps serving the previous one", event.name());
                        } else {
                            LOG.infof("The dedicated Prometheus exporter serves the reloaded certificate of the TLS"
                                    + " configuration \"%s\"", event.name());
                        }
                    });
            if (!Context.isOnEventLoopThread()) {
                // Off an event loop, return once the server has the new certificate, so that whoever fired the event
                // knows new connections get it; on an event loop, never block.
                try {
                    updated.get(UPDATE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    // Logged above when it fails; a slow update still completes on its own.
                }
            }
        }
    }

    private record Registration(String tlsConfigurationName, Function<SSLOptions, CompletionStage<Boolean>> update) {
    }
}
