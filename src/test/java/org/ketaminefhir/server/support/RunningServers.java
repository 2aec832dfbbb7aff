package org.ketaminefhir.server.support;

import java.util.ArrayDeque;
import java.util.Deque;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * The servers this test JVM started (Spring's cached test contexts and {@link StandaloneServer}s), so that they can be
 * closed while their databases still exist: {@link DropTestDatabases} closes them before it drops the databases.
 * Otherwise Spring closes them in a shutdown hook after the drop, and HAPI's scheduler waits for a connection to a
 * database that is gone until Surefire kills the JVM (30 seconds per test JVM). Registered in
 * {@code META-INF/spring.factories} of the test classpath.
 */
public class RunningServers implements ApplicationListener<ApplicationEvent> {

    private static final Deque<ConfigurableApplicationContext> OPEN = new ArrayDeque<>();

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ContextRefreshedEvent refreshed
                && refreshed.getApplicationContext() instanceof ConfigurableApplicationContext context
                && context.getParent() == null) {
            synchronized (OPEN) {
                if (!OPEN.contains(context)) {
                    OPEN.push(context);
                }
            }
        } else if (event instanceof ContextClosedEvent closed) {
            synchronized (OPEN) {
                OPEN.remove(closed.getApplicationContext());
            }
        }
    }

    /** Closes every server still open, the last started first. */
    static void closeAll() {
        while (true) {
            ConfigurableApplicationContext context;
            synchronized (OPEN) {
                context = OPEN.poll();
            }
            if (context == null) {
                return;
            }
            try {
                context.close();
            } catch (RuntimeException e) {
                System.err.println("Could not close a test server: " + e);
            }
        }
    }
}
