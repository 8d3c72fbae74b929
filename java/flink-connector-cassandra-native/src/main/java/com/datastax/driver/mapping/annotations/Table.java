package com.datastax.driver.mapping.annotations;

import org.apache.flink.annotation.PublicEvolving;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The table a POJO is written to. The DataStax mapper's {@code @Table} is recognised as well (by
 * name, without that driver on the classpath).
 */
@PublicEvolving
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Table {
    String keyspace() default "";

    String name();

    /** Whether the names are case-sensitive (quoted in CQL). */
    boolean caseSensitiveKeyspace() default false;

    boolean caseSensitiveTable() default false;
}
