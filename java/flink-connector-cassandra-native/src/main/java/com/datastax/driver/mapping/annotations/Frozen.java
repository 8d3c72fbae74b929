package com.datastax.driver.mapping.annotations;

import org.apache.flink.annotation.PublicEvolving;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field whose column is {@code frozen<...>}, as in the DataStax mapper. Accepted for
 * source compatibility: the connector binds values with the types the server reports for the
 * statement, so it needs no declaration of frozenness.
 */
@PublicEvolving
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Frozen {
    /** The full CQL type, e.g. {@code "frozen<list<text>>"} (informational). */
    String value() default "";
}
