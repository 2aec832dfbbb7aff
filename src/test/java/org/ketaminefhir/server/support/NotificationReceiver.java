package org.ketaminefhir.server.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint for rest-hook subscriptions, in the test JVM: each test opens an inbox (a path of its own under
 * {@code /hooks/}) that records every request (method, path, headers, body, when) and answers 200, or 500 while the
 * inbox is told to fail. The test clinic's servers allow {@link #allowedPrefix()}.
 */
public final class NotificationReceiver {

    /** One request the receiver got. */
    public record Notification(
            Instant received,
            String method,
            String path,
            Map<String, List<String>> headers,
            String body,
            int answered) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** The requests one test's endpoint got. */
    public static final class Inbox {
        public final String endpoint;
        public final List<Notification> received = new CopyOnWriteArrayList<>();
        private final AtomicInteger failuresLeft = new AtomicInteger();

        private Inbox(String endpoint) {
            this.endpoint = endpoint;
        }

        /** Answers 500 to the next {@code count} requests. */
        public void failNext(int count) {
            failuresLeft.set(count);
        }

        public List<Notification> answered(int status) {
            return received.stream().filter(n -> n.answered() == status).toList();
        }
    }

    private static final Map<String, Inbox> INBOXES = new ConcurrentHashMap<>();
    private static final HttpServer SERVER = start();

    private NotificationReceiver() {}

    public static String allowedPrefix() {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/hooks/";
    }

    public static Inbox inbox() {
        String id = UUID.randomUUID().toString();
        Inbox inbox = new Inbox(allowedPrefix() + id);
        INBOXES.put(id, inbox);
        return inbox;
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, runnable -> {
                Thread thread = new Thread(runnable, "notification-receiver");
                thread.setDaemon(true);
                return thread;
            }));
            server.createContext("/hooks/", exchange -> {
                Instant received = Instant.now();
                String path = exchange.getRequestURI().getPath();
                String id = path.substring("/hooks/".length()).split("/", 2)[0];
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Inbox inbox = INBOXES.get(id);
                int status =
                        inbox == null ? 404 : inbox.failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
                if (inbox != null) {
                    inbox.received.add(new Notification(
                            received,
                            exchange.getRequestMethod(),
                            path,
                            Map.copyOf(exchange.getRequestHeaders()),
                            body,
                            status));
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
