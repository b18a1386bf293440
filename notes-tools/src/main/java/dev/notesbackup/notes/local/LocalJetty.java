package dev.notesbackup.notes.local;

import java.net.URI;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty both local servers run on: a bounded pool of daemon threads, no version headers, one
 * HTTP/1.1 connector whose idle connections close after {@value LocalNotesServer#MAX_REQUEST_SECONDS} s.
 */
final class LocalJetty {
    private LocalJetty() {
    }

    /** A server (not started) with its connector on {@code host:port}; {@code http} adds to the HTTP settings. */
    static ServerConnector connector(String threadName, int maxThreads, int minThreads, String host, int port,
                                     Consumer<HttpConfiguration> http) {
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, minThreads);
        threads.setName(threadName);
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setSendServerVersion(false);
        configuration.setSendXPoweredBy(false);
        http.accept(configuration);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(configuration));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(LocalNotesServer.MAX_REQUEST_SECONDS * 1000L);
        server.addConnector(connector);
        return connector;
    }

    /** {@code http://host:port} of a listening connector (an IPv6 host in brackets). */
    static URI baseUri(ServerConnector connector) {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort());
    }
}
