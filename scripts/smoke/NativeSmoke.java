import org.apache.flink.streaming.connectors.cassandra.internal.session.ConnectionSettings;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.streaming.connectors.cassandra.internal.session.QueryResult;

import java.util.Arrays;
import java.util.List;

/**
 * Smoke test of one bundled native library on the JVM that runs it (scripts/smoke-native runs it
 * under qemu-aarch64 with an arm64 JDK): open a session, write a row through a prepared statement,
 * read it back. Exit 0 only if the row read equals the row written.
 */
public final class NativeSmoke {
    public static void main(String[] args) {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String platform = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        ConnectionSettings settings = ConnectionSettings.builder().addContactPoint(host).port(port).build();
        try (NativeSession session = NativeSession.open(settings)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS smoke WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS smoke.rows (id int PRIMARY KEY, name text)");
            String name = "written on " + platform;
            try (NativeStatement insert = session.prepare("INSERT INTO smoke.rows (id, name) VALUES (?, ?)");
                    NativeStatement select = session.prepare("SELECT id, name FROM smoke.rows WHERE id = ?")) {
                insert.execute("LOCAL_ONE", 42, name);
                QueryResult result = select.execute("LOCAL_ONE", 42);
                List<Object[]> rows = result.rows();
                if (rows.size() != 1 || !Arrays.equals(rows.get(0), new Object[] {42, name})) {
                    System.err.println("smoke: FAIL on " + platform + ": read " + rows.size() + " row(s), first "
                            + (rows.isEmpty() ? "none" : Arrays.toString(rows.get(0))));
                    System.exit(1);
                }
            }
        }
        System.out.println("smoke: ok on " + platform + ": session opened, row written and read back");
    }
}
