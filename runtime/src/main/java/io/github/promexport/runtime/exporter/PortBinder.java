package io.github.promexport.runtime.exporter;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds the first free port of a list by really binding it, with the server that will serve it.
 * <p>
 * There is no separate probe: a probe socket closed before the server binds leaves a window in which another
 * process of the same range takes the port, so the server's own bind is the test. The binding must therefore not
 * share a port silently: Vert.x shares a listening port between the servers of one Vert.x instance, so the
 * exporter binds with a Vert.x instance of its own, which has no other server; a port held by another process,
 * another exporter, or the application's own Vert.x then fails with a {@link BindException} and the next port is
 * tried.
 */
public final class PortBinder {

    /** Creates a server bound to the given address, or throws {@link BindException} when the port is taken. */
    @FunctionalInterface
    public interface Binding<T> {
        T bind(InetSocketAddress address) throws IOException;
    }

    private PortBinder() {
    }

    /**
     * Tries the ports in order and returns the first server that binds.
     *
     * @param busy receives each port that could not be bound, with the reason
     * @return the bound server, or empty when no port could be bound
     * @throws IOException when binding fails for a reason other than the port (or address) being unavailable
     */
    public static <T> Optional<T> bindFirstFree(InetAddress address, List<Integer> ports, Binding<T> binding,
            Map<Integer, String> busy) throws IOException {
        for (int port : ports) {
            try {
                return Optional.of(binding.bind(new InetSocketAddress(address, port)));
            } catch (BindException e) {
                busy.put(port, String.valueOf(e.getMessage()));
            }
        }
        return Optional.empty();
    }
}
