package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import org.apache.flink.streaming.connectors.cassandra.CassandraNativeLibraryException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads the native core once per classloader.
 *
 * <p>Order: the file named by the system property {@value #PATH_PROPERTY} (or the environment
 * variable {@value #PATH_ENV}); otherwise the library bundled at {@code /native/<os>-<arch>/}.
 * Either is copied into a fresh private temporary directory (0700, the file 0600; one copy per
 * classloader, since the JVM lets only one classloader load a given file, so two jobs in one
 * TaskManager each get their own), loaded, and deleted. A failed load can be retried; its error lists every path
 * tried and the platforms the jar holds.
 *
 * <p>Internal.
 */
public final class NativeLibrary {
    public static final String PATH_PROPERTY = "cassandra.native.library.path";
    public static final String PATH_ENV = "CASSANDRA_NATIVE_LIBRARY_PATH";
    static final String BASE_NAME = "cassandra_flink_native";
    private static final String TEMP_PREFIX = "cassandra-flink-native-";

    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);
    private static volatile boolean loaded;

    private NativeLibrary() {}

    /** Loads the library if this classloader has not yet; safe to call from many threads. */
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (NativeLibrary.class) {
            if (loaded) {
                return;
            }
            List<String> tried = new ArrayList<>();
            try {
                loadFirstAvailable(tried);
            } catch (UnsatisfiedLinkError | IOException | RuntimeException e) {
                throw new CassandraNativeLibraryException(
                        "Cannot load the Cassandra connector's native library: "
                                + e.getMessage()
                                + ". Tried: "
                                + String.join(", ", tried),
                        e);
            }
            // The paths tried end with the file that loaded (a private copy names its source first).
            checkAbiVersion(abiVersionOrZero(), NativeContract.ABI_VERSION, String.join(", ", tried));
            loaded = true;
            initLogging(NativeLogging.maxEnabledLevel());
            LOG.info("Loaded native Cassandra core {} ({})", version(), platform());
        }
    }

    private static void loadFirstAvailable(List<String> tried) throws IOException {
        String explicit = System.getProperty(PATH_PROPERTY, System.getenv(PATH_ENV));
        if (explicit != null && !explicit.isEmpty()) {
            Path path = Paths.get(explicit).toAbsolutePath();
            tried.add(path + " (from " + PATH_PROPERTY + ")");
            // The JVM lets one classloader only load a given file: each loader loads its own copy.
            try (InputStream in = Files.newInputStream(path)) {
                loadPrivateCopy(in, tried);
            }
            return;
        }
        String resource = "/native/" + platform() + "/" + libraryFileName();
        tried.add("classpath:" + resource);
        try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "platform "
                                + platform()
                                + " is not supported by this jar, which holds: "
                                + bundledPlatforms());
            }
            loadPrivateCopy(in, tried);
        }
    }

    private static void loadPrivateCopy(InputStream in, List<String> tried) throws IOException {
        Path copy = privateCopy(in);
        try {
            tried.add(copy.toString());
            System.load(copy.toString());
        } finally {
            // Loaded code stays mapped after the file is gone (POSIX); on Windows, at exit.
            deletePrivateCopy(copy);
        }
    }

    /**
     * Copies the library into a new directory only this user can enter (0700), as a file only
     * this user can read and write (0600), so that no other local user can swap the code the JVM
     * loads. The file is created with its permissions and written in place, never replaced.
     */
    static Path privateCopy(InputStream in) throws IOException {
        return privateCopy(in, libraryFileName());
    }

    /** Like {@link #privateCopy(InputStream)}, naming the file {@code fileName}. */
    static Path privateCopy(InputStream in, String fileName) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path dir = posix
                ? Files.createTempDirectory(TEMP_PREFIX, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory(TEMP_PREFIX);
        Path copy = dir.resolve(fileName);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (OutputStream out = Files.newOutputStream(Files.createFile(copy, attributes), StandardOpenOption.WRITE)) {
            in.transferTo(out);
        } catch (IOException | RuntimeException e) {
            deletePrivateCopy(copy);
            throw e;
        }
        return copy;
    }

    /** Deletes a copy made by {@link #privateCopy} and its directory (at exit if it cannot now). */
    static void deletePrivateCopy(Path copy) {
        Path dir = copy.getParent();
        if (!deleteQuietly(copy)) {
            dir.toFile().deleteOnExit();
            copy.toFile().deleteOnExit();
        } else if (!deleteQuietly(dir)) {
            dir.toFile().deleteOnExit();
        }
    }

    private static boolean deleteQuietly(Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            return false;
        }
    }

    /** The platforms bundled in this jar, from the index {@code scripts/build-native} writes. */
    static String bundledPlatforms() {
        try (InputStream in = NativeLibrary.class.getResourceAsStream("/native/platforms.txt")) {
            if (in == null) {
                return "none";
            }
            String index = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return index.isEmpty() ? "none" : index.replace('\n', ' ');
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** {@code <os>-<arch>}, e.g. {@code linux-x86_64}, as {@code scripts/build-native} names it. */
    public static String platform() {
        return normalizeOs(System.getProperty("os.name")) + "-" + normalizeArch(System.getProperty("os.arch"));
    }

    static String normalizeOs(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return "linux";
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return "osx";
        }
        if (os.startsWith("windows")) {
            return "windows";
        }
        return os.replaceAll("[^a-z0-9]+", "");
    }

    static String normalizeArch(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64":
            case "x86_64":
            case "x64":
                return "x86_64";
            case "arm64":
            case "aarch64":
                return "aarch64";
            default:
                return arch.replaceAll("[^a-z0-9_]+", "");
        }
    }

    static String libraryFileName() {
        return System.mapLibraryName(BASE_NAME);
    }

    /** The loaded library's contract version; 0 for a library older than the version check. */
    private static int abiVersionOrZero() {
        try {
            return abiVersion();
        } catch (UnsatisfiedLinkError e) {
            return 0;
        }
    }

    /**
     * Refuses a library built for another JNI contract: its constants or native signatures may
     * mean something else, which would corrupt data rather than fail.
     */
    static void checkAbiVersion(int library, int expected, String path) {
        if (library != expected) {
            throw new CassandraNativeLibraryException(
                    "The Cassandra connector's native library speaks JNI contract version " + library
                            + " but this connector needs version " + expected
                            + ": use the native library built with this connector. Library: " + path,
                    null);
        }
    }

    /** The library's {@code wire::ABI_VERSION}. */
    static native int abiVersion();

    /** The library's contract constants as {@code name=value} lines (see {@link NativeContract}). */
    static native String contract();

    /** The native crate's version. */
    public static native String version();

    /** Installs the log forwarder; {@code maxLevel}: 0 off, 1 error ... 5 trace. */
    static native void initLogging(int maxLevel);
}
