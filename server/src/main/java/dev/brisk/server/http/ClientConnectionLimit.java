package dev.brisk.server.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;

/**
 * Closes a new connection at once when its client address already holds the most connections
 * allowed, so that one client cannot take every thread and socket of the server (slow bodies
 * held open, a flood of idle connections). Each connection is counted against the address it
 * opened from, kept until it closes: a closed socket no longer tells its remote address.
 */
final class ClientConnectionLimit implements Connection.Listener {
    private final int maxPerClient;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Connection, String> clientOf = new ConcurrentHashMap<>();

    ClientConnectionLimit(int maxPerClient) {
        this.maxPerClient = maxPerClient;
    }

    @Override
    public void onOpened(Connection connection) {
        String client = client(connection);
        clientOf.put(connection, client);
        int now = open.computeIfAbsent(client, k -> new AtomicInteger()).incrementAndGet();
        if (now > maxPerClient) {
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        String client = clientOf.remove(connection);
        if (client != null) {
            open.computeIfPresent(client, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    private static String client(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }
}
