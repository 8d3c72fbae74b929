package org.apache.flink.streaming.connectors.cassandra.testserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The operating-system side of a node: its command line, signals, stopping, ports, logs and files. */
final class NodeProcess {

    private NodeProcess() {}

    static List<String> command(CassandraTestServer.Builder config, Path argFile) {
        List<String> cmd = new ArrayList<>();
        if (config.newSession && Files.isExecutable(Paths.get("/usr/bin/setsid"))) {
            // detached node (CLI): own session, so the terminal's Ctrl-C / hang-up does not reach it.
            // setsid execs in place (we are not a process-group leader), so the pid stays the JVM's.
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(config.javaExecutable != null
                ? config.javaExecutable.toString()
                : Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        // JVM options and the long classpath go to an @argfile; "ps" then shows a short command
        // line that still names the main class (the CLI checks for it).
        cmd.add("@" + argFile);
        cmd.add(ChildMain.class.getName());
        return cmd;
    }

    static void signal(long pid, String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!kill.waitFor(30, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + name + " " + pid + " did not finish within 30 s");
            }
            if (kill.exitValue() != 0) {
                throw new IllegalStateException(
                        "kill -" + name + " " + pid + " failed with exit code " + kill.exitValue() + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run kill -" + name + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending SIG" + name + " to " + pid, e);
        }
    }

    /** Graceful destroy, wait up to {@code grace}, then forcible destroy; waits until gone. */
    static boolean stopProcess(ProcessHandle handle, Duration grace) {
        if (!handle.isAlive()) {
            return true;
        }
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e2) {
                return !handle.isAlive();
            }
        }
        return !handle.isAlive();
    }

    static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** A currently free TCP port on {@code address}. */
    static int freePort(String address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + address, e);
        }
    }

    /** True if nothing listens on {@code address:port} (a server socket can be bound there). */
    static boolean isPortFree(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no file)";
        }
        try {
            Deque<String> last = new ArrayDeque<>();
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                last.addLast(line);
                if (last.size() > lines) {
                    last.removeFirst();
                }
            }
            return String.join("\n", last);
        } catch (IOException e) {
            return "(cannot read: " + e + ")";
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        Files.walkFileTree(
                dir,
                new SimpleFileVisitor<Path>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                        if (exc != null) {
                            throw exc;
                        }
                        Files.delete(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }
}
