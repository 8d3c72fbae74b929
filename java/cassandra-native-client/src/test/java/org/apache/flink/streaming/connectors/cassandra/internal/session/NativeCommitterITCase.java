package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraExtension;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The committer is a native handle: opened once on a session, then only binds and executes. */
@ExtendWith(CassandraExtension.class)
class NativeCommitterITCase {
    private static final String REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}";

    @Test
    void anOpenCommitterKeepsItsSessionAndCommitsAfterTheSessionReferenceIsClosed(CassandraTestServer server) {
        // Settings no other test uses, so that this test's session is not shared.
        ConnectionSettings settings = ConnectionSettings.builder()
                .addContactPoint(server.host())
                .port(server.nativePort())
                .requestTimeoutMillis(12_345)
                .build();
        int sessionsBefore = NativeSession.openSessionCount();
        NativeCommitter committer;
        try (NativeSession session = NativeSession.open(settings)) {
            committer = NativeCommitter.open(session, "committer_handle", "checkpoints_a", REPLICATION, "sink-1");
        }
        try {
            assertThat(NativeSession.openSessionCount())
                    .as("the committer holds the session")
                    .isEqualTo(sessionsBefore + 1);
            assertThat(committer.commits(0).last()).isEqualTo(NativeCommitter.NONE);

            committer.commit(0, 7, 7);
            committer.commit(0, 5, 7);
            committer.commit(1, 3, 3);
            committer.forget(0, new long[] {5});

            NativeCommitter.Commits row = committer.commits(0);
            assertThat(row.last()).isEqualTo(7);
            assertThat(row.committed()).containsExactly(7);
            assertThat(committer.commits(1).committed()).containsExactly(3);
        } finally {
            committer.close();
        }
        assertThat(NativeSession.openSessionCount()).isEqualTo(sessionsBefore);
        assertThatThrownBy(() -> committer.commit(0, 8, 8))
                .isInstanceOf(CassandraConnectorException.class)
                .satisfies(e -> assertThat(((CassandraConnectorException) e).getCode())
                        .isEqualTo(CassandraConnectorException.Code.CLOSED));
    }

    @Test
    void rowsOfAnotherSinkInTheSameTableAreSeparate(CassandraTestServer server) {
        ConnectionSettings settings = ConnectionSettings.builder()
                .addContactPoint(server.host())
                .port(server.nativePort())
                .build();
        try (NativeSession session = NativeSession.open(settings);
                NativeCommitter a = NativeCommitter.open(session, "committer_handle", "checkpoints_b", REPLICATION, "a");
                NativeCommitter b = NativeCommitter.open(session, "committer_handle", "checkpoints_b", REPLICATION, "b")) {
            a.commit(0, 1, 1);
            assertThat(b.commits(0).last()).isEqualTo(NativeCommitter.NONE);
            assertThat(a.commits(0).committed()).containsExactly(1);
        }
    }
}
