package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.mapping.Mapper;
import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Options of the POJO sink's generated statement, as in the official connector:
 * {@code .setMapperOptions(() -> new Mapper.Option[] {Mapper.Option.ttl(3600)})}.
 */
@PublicEvolving
@FunctionalInterface
public interface MapperOptions extends Serializable {
    Mapper.Option[] getMapperOptions();
}
