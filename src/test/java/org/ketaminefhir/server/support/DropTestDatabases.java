package org.ketaminefhir.server.support;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Drops the test databases when the JUnit run ends, whatever its outcome, after closing the servers that use them
 * ({@link RunningServers}).
 */
public class DropTestDatabases implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        // A run killed before its end still leaves nothing behind once the JVM exits normally.
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll, "drop-test-databases"));
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        RunningServers.closeAll();
        TestDatabases.dropAll();
    }
}
