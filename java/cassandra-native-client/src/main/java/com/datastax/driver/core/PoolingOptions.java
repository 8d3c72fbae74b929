package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;

/**
 * Connection pool settings, as in the DataStax 3.x driver. The native core keeps a fixed number of
 * connections per node, each multiplexing thousands of requests; of these settings only the
 * connections per {@link HostDistance#LOCAL} host are used: the larger of the core and max count
 * given becomes the connections per node. The others (remote hosts, requests per connection, idle
 * timeout, heartbeat interval, pool timeout) are accepted and have no effect; in-flight writes are
 * bounded by the sink's own settings instead.
 */
@PublicEvolving
public class PoolingOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<HostDistance, Integer> core = new EnumMap<>(HostDistance.class);
    private final Map<HostDistance, Integer> max = new EnumMap<>(HostDistance.class);

    public PoolingOptions setCoreConnectionsPerHost(HostDistance distance, int connections) {
        core.put(distance, positive("core connections per host", connections));
        return this;
    }

    public PoolingOptions setMaxConnectionsPerHost(HostDistance distance, int connections) {
        max.put(distance, positive("max connections per host", connections));
        return this;
    }

    public PoolingOptions setConnectionsPerHost(HostDistance distance, int core, int max) {
        if (max < core) {
            throw new CassandraConfigurationException(
                    "connections per host: max " + max + " is below core " + core);
        }
        return setCoreConnectionsPerHost(distance, core).setMaxConnectionsPerHost(distance, max);
    }

    public int getCoreConnectionsPerHost(HostDistance distance) {
        return core.getOrDefault(distance, 1);
    }

    public int getMaxConnectionsPerHost(HostDistance distance) {
        return max.getOrDefault(distance, getCoreConnectionsPerHost(distance));
    }

    /** No effect (each connection multiplexes requests). */
    public PoolingOptions setMaxRequestsPerConnection(HostDistance distance, int maxRequests) {
        return this;
    }

    /** No effect (each connection multiplexes requests). */
    public PoolingOptions setNewConnectionThreshold(HostDistance distance, int threshold) {
        return this;
    }

    /** No effect: connections are kept open. */
    public PoolingOptions setIdleTimeoutSeconds(int seconds) {
        return this;
    }

    /** No effect. */
    public PoolingOptions setHeartbeatIntervalSeconds(int seconds) {
        return this;
    }

    /** No effect: requests are bounded by the request timeout ({@link SocketOptions}). */
    public PoolingOptions setPoolTimeoutMillis(int millis) {
        return this;
    }

    /** No effect. */
    public PoolingOptions setMaxQueueSize(int size) {
        return this;
    }

    /** The connections per node the native core opens, or 0 when none was set. */
    int localConnections() {
        Integer c = core.get(HostDistance.LOCAL);
        Integer m = max.get(HostDistance.LOCAL);
        if (c == null && m == null) {
            return 0;
        }
        return Math.max(c == null ? 0 : c, m == null ? 0 : m);
    }

    private static int positive(String what, int value) {
        if (value < 1) {
            throw new CassandraConfigurationException(what + ": must be at least 1, got " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "PoolingOptions{core=" + core + ", max=" + max + '}';
    }
}
