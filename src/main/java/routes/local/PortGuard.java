package routes.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks that a port is free before an embedded service binds it, so that a clash fails at once
 * with the property that moves the port, instead of deep inside Kafka, Jetty or PostgreSQL.
 */
public final class PortGuard {

    private PortGuard() {
    }

    /**
     * @param host         the address the service will bind, e.g. {@code 127.0.0.1}
     * @param port         the port it will bind
     * @param propertyName the configuration property that moves the port, named in the error
     * @throws IllegalStateException when the port cannot be bound
     */
    public static void requireFree(String host, int port, String propertyName) {
        try (ServerSocket probe = new ServerSocket()) {
            // Without SO_REUSEADDR a port in TIME_WAIT would look taken, although the service can bind it.
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is in use; set " + propertyName
                    + " to another port", e);
        }
    }
}
