package com.datastax.driver.mapping.annotations;

import org.apache.flink.annotation.PublicEvolving;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a partition key column; {@code value} is its position in a composite key. */
@PublicEvolving
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface PartitionKey {
    int value() default 0;
}
