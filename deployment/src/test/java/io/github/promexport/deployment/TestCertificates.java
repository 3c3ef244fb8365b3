package io.github.promexport.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates for {@code localhost} and {@code 127.0.0.1}, made at test time with the JDK's
 * {@code keytool} (no test dependency, no certificate committed that could expire): a PKCS12 key store, and the same
 * certificate and key as PEM files. Each certificate is its own CA, so a client trusts it by trusting the
 * certificate itself.
 */
final class TestCertificates {

    static final String PASSWORD = "changeit";

    /** The files of one certificate. */
    record Generated(Path p12, Path certPem, Path keyPem) {
    }

    private TestCertificates() {
    }

    /**
     * Makes {@code <name>.p12}, {@code <name>.crt} and {@code <name>.key} in the directory, unless they were made
     * less than a day ago: QuarkusUnitTest loads a test class twice (JUnit's class loader, then the application's),
     * and a certificate made again by the second load would no longer be the one the server has read.
     */
    static Generated generate(Path directory, String name) {
        try {
            Files.createDirectories(directory);
            Path p12 = directory.resolve(name + ".p12");
            Path certPem = directory.resolve(name + ".crt");
            Path keyPem = directory.resolve(name + ".key");
            if (Files.exists(keyPem) && Files.getLastModifiedTime(keyPem).toInstant()
                    .isAfter(Instant.now().minus(Duration.ofDays(1)))) {
                return new Generated(p12, certPem, keyPem);
            }
            Files.deleteIfExists(keyPem);
            Files.deleteIfExists(p12);
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048",
                    "-validity", "30", "-dname", "CN=localhost, O=" + name, "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore store = load(p12);
            Certificate certificate = store.getCertificate(name);
            Files.writeString(certPem, pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(keyPem, pem("PRIVATE KEY", store.getKey(name, PASSWORD.toCharArray()).getEncoded()));
            return new Generated(p12, certPem, keyPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client context that trusts exactly the given certificates and, when {@code clientKeyStore} is not null,
     * presents its key.
     */
    static SSLContext clientContext(List<Path> trusted, Path clientKeyStore) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Path p12 : trusted) {
                KeyStore store = load(p12);
                trust.setCertificateEntry("trusted-" + i++, store.getCertificate(store.aliases().nextElement()));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManagerFactory keyManagers = null;
            if (clientKeyStore != null) {
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(load(clientKeyStore), PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(),
                    new SecureRandom());
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The status of a GET of {@code uri} through {@code tls}. A new client each time: the JDK client would otherwise
     * reuse a connection made with an earlier certificate. A refused handshake is an {@link IOException}.
     */
    static int status(SSLContext tls, URI uri) throws IOException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static KeyStore load(Path p12) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
