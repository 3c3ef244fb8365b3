package io.github.promexport.runtime.exporter;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.tls.CertificateUpdatedEvent;
import io.vertx.core.net.SSLOptions;

/**
 * Hands reloaded certificates to the dedicated exporter. The Quarkus TLS registry reloads a configuration (on its
 * {@code reload-period}, or when an application calls {@code TlsConfiguration.reload()} and fires the event) and
 * announces it with a {@link CertificateUpdatedEvent}; the exporter registered under that configuration's name then
 * takes the new SSL options: new connections use the new certificate, open ones keep theirs.
 * <p>
 * The update is asynchronous and the observer does not wait for it: it may be called on any thread, including an
 * event loop.
 */
@Singleton
public class ExporterCertificateReloader {

    private static final Logger LOG = Logger.getLogger(ExporterCertificateReloader.class);

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
            registration.update().apply(event.tlsConfiguration().getSSLOptions()).whenComplete((changed, failure) -> {
                if (failure != null) {
                    LOG.errorf(failure, "The dedicated Prometheus exporter could not take the reloaded certificate of the"
                            + " TLS configuration \"%s\": it keeps serving the previous one", event.name());
                } else {
                    LOG.infof("The dedicated Prometheus exporter serves the reloaded certificate of the TLS configuration"
                            + " \"%s\"", event.name());
                }
            });
        }
    }

    private record Registration(String tlsConfigurationName, Function<SSLOptions, CompletionStage<Boolean>> update) {
    }
}
