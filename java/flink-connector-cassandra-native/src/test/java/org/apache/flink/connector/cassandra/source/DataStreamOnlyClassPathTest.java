package org.apache.flink.connector.cassandra.source;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A DataStream job that reads with {@link CassandraSource} needs no Table API on its class path
 * (the table modules are {@code provided}: a DataStream-only job, e.g. in an IDE, has none).
 */
class DataStreamOnlyClassPathTest {

    @Test
    void aJobReadingTuplesBuildsItsJobGraphWithoutTheTableApi() throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader withoutTable = new HidingClassLoader("org.apache.flink.table.")) {
            Thread.currentThread().setContextClassLoader(withoutTable);
            @SuppressWarnings("unchecked")
            Callable<Integer> job = (Callable<Integer>) withoutTable.loadClass(TupleReadingJob.class.getName())
                    .getDeclaredConstructor().newInstance();
            assertThat(job.call()).as("vertices of the job graph").isEqualTo(2);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** Builds the job graph (which serializes the source) of a job reading tuples. */
    public static final class TupleReadingJob implements Callable<Integer> {
        @Override
        public Integer call() {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            CassandraSource<Tuple2<Integer, String>> source = CassandraSource.forTuples(
                    CassandraTestSupport.clusterBuilderFor("127.0.0.1", 9042), "SELECT id, v FROM ks.t",
                    Types.TUPLE(Types.INT, Types.STRING));
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "cassandra")
                    .disableChaining()
                    .sinkTo(new DiscardingSink<>());
            return env.getStreamGraph().getJobGraph().getNumberOfVertices();
        }
    }

    /** The test class path, minus every class whose name starts with a prefix. */
    private static final class HidingClassLoader extends URLClassLoader {
        private final String hiddenPrefix;

        HidingClassLoader(String hiddenPrefix) throws MalformedURLException {
            super(classPath(), ClassLoader.getPlatformClassLoader());
            this.hiddenPrefix = hiddenPrefix;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(hiddenPrefix)) {
                throw new ClassNotFoundException(name + " (hidden: a DataStream-only class path)");
            }
            return super.loadClass(name, resolve);
        }

        private static URL[] classPath() throws MalformedURLException {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(new File(entry).toURI().toURL());
            }
            return urls.toArray(new URL[0]);
        }
    }
}
