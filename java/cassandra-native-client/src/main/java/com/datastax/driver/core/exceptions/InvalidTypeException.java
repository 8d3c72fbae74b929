package com.datastax.driver.core.exceptions;

import org.apache.flink.annotation.PublicEvolving;

/** A value was read or bound as a Java type its CQL type does not convert to. */
@PublicEvolving
public class InvalidTypeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidTypeException(String message) {
        super(message);
    }
}
