package com.datastax.driver.mapping.annotations;

import org.apache.flink.annotation.PublicEvolving;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class that maps a CQL user-defined type, as in the DataStax mapper. Accepted for source
 * compatibility; the connector does not map UDT classes: bind a UDT column from a {@code
 * Map<String, ?>} by field name or an {@code Object[]} in field order.
 */
@PublicEvolving
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface UDT {
    String keyspace() default "";

    String name();

    boolean caseSensitiveKeyspace() default false;

    boolean caseSensitiveType() default false;
}
