package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.mapping.Mapper;

import java.util.ArrayList;

/**
 * {@link MapperOptions} built by chained calls, as in the official connector:
 * {@code new SimpleMapperOptions().ttl(3600).saveNullFields(false)}. The options shape the POJO
 * sink's generated INSERT ({@code USING TTL}, {@code USING TIMESTAMP}, {@code IF NOT EXISTS}) and
 * whether null fields are written.
 */
@PublicEvolving
public class SimpleMapperOptions implements MapperOptions {
    private static final long serialVersionUID = 1L;

    private final ArrayList<Mapper.Option> options = new ArrayList<>();

    public SimpleMapperOptions() {}

    /** Time to live of the written cells, in seconds. */
    public SimpleMapperOptions ttl(int ttl) {
        options.add(Mapper.Option.ttl(ttl));
        return this;
    }

    /** Write time of the written cells, in microseconds since the epoch. */
    public SimpleMapperOptions timestamp(long timestamp) {
        options.add(Mapper.Option.timestamp(timestamp));
        return this;
    }

    /** Consistency level of the writes. */
    public SimpleMapperOptions consistencyLevel(ConsistencyLevel cl) {
        options.add(Mapper.Option.consistencyLevel(cl));
        return this;
    }

    /** Accepted for compatibility: query tracing is not supported and this has no effect. */
    public SimpleMapperOptions tracing(boolean enabled) {
        options.add(Mapper.Option.tracing(enabled));
        return this;
    }

    /** Whether null fields are written as nulls (the default) or left unset. */
    public SimpleMapperOptions saveNullFields(boolean enabled) {
        options.add(Mapper.Option.saveNullFields(enabled));
        return this;
    }

    /** Whether the INSERT carries {@code IF NOT EXISTS} (a lightweight transaction). */
    public SimpleMapperOptions ifNotExists(boolean enabled) {
        options.add(Mapper.Option.ifNotExists(enabled));
        return this;
    }

    @Override
    public Mapper.Option[] getMapperOptions() {
        return options.toArray(new Mapper.Option[0]);
    }
}
