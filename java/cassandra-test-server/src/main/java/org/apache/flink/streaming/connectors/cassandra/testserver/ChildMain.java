package org.apache.flink.streaming.connectors.cassandra.testserver;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Main class of the child JVM that runs Cassandra.
 *
 * <p>If the system property {@value #PARENT_PID_PROPERTY} is set, a daemon thread watches that
 * process and halts this JVM when it is gone (also when the parent was killed with {@code -9}, so
 * no orphaned Cassandra stays behind). Then it hands over to {@code
 * org.apache.cassandra.service.CassandraDaemon#main} (called reflectively, so this class has no
 * link-time dependency on Cassandra).
 */
public final class ChildMain {

    /** System property holding the pid of the process whose death stops this JVM. */
    public static final String PARENT_PID_PROPERTY = "cassandra.testserver.parent_pid";

    private static final String DAEMON_CLASS = "org.apache.cassandra.service.CassandraDaemon";

    private ChildMain() {}

    public static void main(String[] args) throws Throwable {
        String parentPid = System.getProperty(PARENT_PID_PROPERTY);
        if (parentPid != null && !parentPid.isEmpty()) {
            watchParent(Long.parseLong(parentPid.trim()));
        }
        Method main = Class.forName(DAEMON_CLASS).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watchParent(long pid) {
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            System.err.println("Parent process " + pid + " is not running; exiting.");
            Runtime.getRuntime().halt(2);
            return;
        }
        Thread watchdog =
                new Thread(
                        () -> {
                            parent.get().onExit().join();
                            System.err.println("Parent process " + pid + " exited; stopping Cassandra.");
                            Thread killer =
                                    new Thread(
                                            () -> {
                                                // Give the shutdown hooks a bounded amount of time.
                                                sleepQuietly(15_000);
                                                Runtime.getRuntime().halt(1);
                                            },
                                            "parent-watchdog-halt");
                            killer.setDaemon(true);
                            killer.start();
                            System.exit(1);
                        },
                        "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
