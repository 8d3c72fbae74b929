package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loader's copy of the library is private to this user: nobody else may replace the code
 * the JVM is about to load. Files.copy(..., REPLACE_EXISTING) would recreate the file with the
 * umask's permissions, so the permissions are checked on what the loader actually wrote.
 */
class NativeLibraryCopyTest {

    @Test
    void theCopyIsPrivateToThisUser() throws Exception {
        byte[] content = {1, 2, 3, 4};
        Path copy = NativeLibrary.privateCopy(new ByteArrayInputStream(content));
        try {
            assertThat(Files.readAllBytes(copy)).isEqualTo(content);
            Set<PosixFilePermission> file = Files.getPosixFilePermissions(copy);
            Set<PosixFilePermission> dir = Files.getPosixFilePermissions(copy.getParent());
            assertThat(PosixFilePermissions.toString(file)).as("permissions of %s", copy).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(dir)).as("permissions of %s", copy.getParent()).isEqualTo("rwx------");
        } finally {
            NativeLibrary.deletePrivateCopy(copy);
        }
        assertThat(copy).doesNotExist();
    }
}
