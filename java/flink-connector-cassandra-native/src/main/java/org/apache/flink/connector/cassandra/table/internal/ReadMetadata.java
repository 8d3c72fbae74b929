package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The readable metadata of a Cassandra table: {@code writetime:<column>} (the cell's write time,
 * {@code TIMESTAMP_LTZ(6)}, read with {@code WRITETIME(column)}) and {@code ttl:<column>} (the
 * cell's remaining time to live in seconds, {@code INT}, null without one, read with {@code
 * TTL(column)}), for every regular (non-key) column of the Cassandra table, declared in Flink or
 * not. The key names the column, so one table can
 * read the metadata of several columns. Within the connector such a key stands in the list of
 * selected columns like a column name.
 */
@Internal
final class ReadMetadata {
    static final String WRITETIME = "writetime:";
    static final String TTL = "ttl:";

    private ReadMetadata() {}

    /** Every readable key and its type, for the table's regular columns. */
    static Map<String, DataType> keys(List<String> regularColumns) {
        Map<String, DataType> out = new LinkedHashMap<>();
        for (String c : regularColumns) {
            out.put(WRITETIME + c, DataTypes.TIMESTAMP_LTZ(6));
            out.put(TTL + c, DataTypes.INT());
        }
        return out;
    }

    static boolean isKey(String name) {
        return name.startsWith(WRITETIME) || name.startsWith(TTL);
    }

    /** The column whose metadata {@code key} reads. */
    static String column(String key) {
        return key.substring(key.indexOf(':') + 1);
    }

    /** What the SELECT lists for a selected name: the quoted column, or {@code WRITETIME("c")} / {@code TTL("c")}. */
    static String selector(String name) {
        if (name.startsWith(WRITETIME)) {
            return "WRITETIME(" + CqlTableSchema.quote(column(name)) + ")";
        }
        if (name.startsWith(TTL)) {
            return "TTL(" + CqlTableSchema.quote(column(name)) + ")";
        }
        return CqlTableSchema.quote(name);
    }

    /** From the decoded cell (bigint µs / int seconds) to Flink's internal data of the key's type. */
    static CqlTypeMapping.Converter converter(String key) {
        if (key.startsWith(WRITETIME)) {
            return v -> {
                long micros = ((Number) v).longValue();
                return TimestampData.fromEpochMillis(Math.floorDiv(micros, 1000L),
                        (int) Math.floorMod(micros, 1000L) * 1000);
            };
        }
        if (key.startsWith(TTL)) {
            return v -> ((Number) v).intValue();
        }
        throw new ValidationException("Not a metadata key of a Cassandra table: '" + key + "'.");
    }
}
