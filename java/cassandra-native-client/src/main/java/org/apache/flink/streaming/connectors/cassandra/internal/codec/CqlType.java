package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable descriptor of a CQL type, as the native protocol (v4/v5) describes it in an {@code
 * [option]}. Frozenness is not represented (the protocol does not carry it).
 *
 * <p><b>Internal API</b>: not for use outside the connector; may change without notice.
 */
@Internal
public final class CqlType {

    /** The kinds of CQL type, with their protocol option id. */
    public enum Kind {
        CUSTOM(0x0000, null),
        ASCII(0x0001, "ascii"),
        BIGINT(0x0002, "bigint"),
        BLOB(0x0003, "blob"),
        BOOLEAN(0x0004, "boolean"),
        COUNTER(0x0005, "counter"),
        DECIMAL(0x0006, "decimal"),
        DOUBLE(0x0007, "double"),
        FLOAT(0x0008, "float"),
        INT(0x0009, "int"),
        TIMESTAMP(0x000B, "timestamp"),
        UUID(0x000C, "uuid"),
        VARCHAR(0x000D, "text"),
        VARINT(0x000E, "varint"),
        TIMEUUID(0x000F, "timeuuid"),
        INET(0x0010, "inet"),
        DATE(0x0011, "date"),
        TIME(0x0012, "time"),
        SMALLINT(0x0013, "smallint"),
        TINYINT(0x0014, "tinyint"),
        DURATION(0x0015, "duration"),
        LIST(0x0020, "list"),
        MAP(0x0021, "map"),
        SET(0x0022, "set"),
        UDT(0x0030, null),
        TUPLE(0x0031, "tuple"),
        /** Cassandra 5.0 {@code vector<T, n>}, sent as a custom type on the wire. */
        VECTOR(0x0000, "vector");

        private final int protocolId;
        private final String cqlName;

        Kind(int protocolId, String cqlName) {
            this.protocolId = protocolId;
            this.cqlName = cqlName;
        }

        /** The {@code [short]} id of this kind in an {@code [option]} (0 for custom and vector). */
        public int protocolId() {
            return protocolId;
        }

        /** Whether this kind has no type parameters. */
        public boolean isPrimitive() {
            return this != CUSTOM && protocolId > 0 && protocolId < 0x20;
        }
    }

    private static final String MARSHAL = "org.apache.cassandra.db.marshal.";

    private static final Map<Kind, CqlType> PRIMITIVES = new EnumMap<>(Kind.class);

    public static final CqlType ASCII = primitive0(Kind.ASCII);
    public static final CqlType BIGINT = primitive0(Kind.BIGINT);
    public static final CqlType BLOB = primitive0(Kind.BLOB);
    public static final CqlType BOOLEAN = primitive0(Kind.BOOLEAN);
    public static final CqlType COUNTER = primitive0(Kind.COUNTER);
    public static final CqlType DECIMAL = primitive0(Kind.DECIMAL);
    public static final CqlType DOUBLE = primitive0(Kind.DOUBLE);
    public static final CqlType FLOAT = primitive0(Kind.FLOAT);
    public static final CqlType INT = primitive0(Kind.INT);
    public static final CqlType TIMESTAMP = primitive0(Kind.TIMESTAMP);
    public static final CqlType UUID = primitive0(Kind.UUID);
    public static final CqlType VARCHAR = primitive0(Kind.VARCHAR);
    public static final CqlType TEXT = VARCHAR;
    public static final CqlType VARINT = primitive0(Kind.VARINT);
    public static final CqlType TIMEUUID = primitive0(Kind.TIMEUUID);
    public static final CqlType INET = primitive0(Kind.INET);
    public static final CqlType DATE = primitive0(Kind.DATE);
    public static final CqlType TIME = primitive0(Kind.TIME);
    public static final CqlType SMALLINT = primitive0(Kind.SMALLINT);
    public static final CqlType TINYINT = primitive0(Kind.TINYINT);
    public static final CqlType DURATION = primitive0(Kind.DURATION);

    private final Kind kind;
    /** Custom class name (CUSTOM only). */
    private final String customClassName;
    /** LIST/SET/VECTOR: [element]; MAP: [key, value]; TUPLE: components; UDT: field types. */
    private final List<CqlType> parameters;
    private final String keyspace;
    private final String udtName;
    private final List<String> fieldNames;
    private final int dimension;
    private final int hash;

    private CqlType(
            Kind kind,
            String customClassName,
            List<CqlType> parameters,
            String keyspace,
            String udtName,
            List<String> fieldNames,
            int dimension) {
        this.kind = kind;
        this.customClassName = customClassName;
        this.parameters = parameters;
        this.keyspace = keyspace;
        this.udtName = udtName;
        this.fieldNames = fieldNames;
        this.dimension = dimension;
        this.hash =
                Objects.hash(
                        kind, customClassName, parameters, keyspace, udtName, fieldNames, dimension);
    }

    private static CqlType primitive0(Kind kind) {
        CqlType t =
                new CqlType(
                        kind, null, Collections.emptyList(), null, null, Collections.emptyList(), 0);
        PRIMITIVES.put(kind, t);
        return t;
    }

    // ------------------------------------------------------------------ factories

    /** The type of a primitive kind ({@code Kind.isPrimitive()}). */
    public static CqlType primitive(Kind kind) {
        CqlType t = PRIMITIVES.get(kind);
        if (t == null) {
            throw new IllegalArgumentException(kind + " is not a primitive CQL type");
        }
        return t;
    }

    public static CqlType list(CqlType element) {
        return new CqlType(Kind.LIST, null, one(element), null, null, Collections.emptyList(), 0);
    }

    public static CqlType set(CqlType element) {
        return new CqlType(Kind.SET, null, one(element), null, null, Collections.emptyList(), 0);
    }

    public static CqlType map(CqlType key, CqlType value) {
        List<CqlType> kv =
                Collections.unmodifiableList(
                        Arrays.asList(Objects.requireNonNull(key), Objects.requireNonNull(value)));
        return new CqlType(Kind.MAP, null, kv, null, null, Collections.emptyList(), 0);
    }

    public static CqlType tuple(CqlType... components) {
        return tuple(Arrays.asList(components));
    }

    public static CqlType tuple(List<CqlType> components) {
        return new CqlType(
                Kind.TUPLE, null, copy(components), null, null, Collections.emptyList(), 0);
    }

    public static CqlType udt(
            String keyspace, String name, List<String> fieldNames, List<CqlType> fieldTypes) {
        if (fieldNames.size() != fieldTypes.size()) {
            throw new IllegalArgumentException("UDT field names and types differ in number");
        }
        List<String> names = Collections.unmodifiableList(new ArrayList<>(fieldNames));
        for (String n : names) {
            Objects.requireNonNull(n, "UDT field name");
        }
        return new CqlType(
                Kind.UDT,
                null,
                copy(fieldTypes),
                Objects.requireNonNull(keyspace),
                Objects.requireNonNull(name),
                names,
                0);
    }

    public static CqlType vector(CqlType element, int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("vector dimension must be positive: " + dimension);
        }
        return new CqlType(
                Kind.VECTOR, null, one(element), null, null, Collections.emptyList(), dimension);
    }

    /**
     * A custom type of the given class name; a Cassandra 5.0 {@code VectorType(...)} class name of a
     * supported element type gives a {@link Kind#VECTOR} instead.
     */
    public static CqlType custom(String className) {
        Objects.requireNonNull(className);
        CqlType parsed = MarshalParser.parseVector(className);
        if (parsed != null) {
            return parsed;
        }
        return new CqlType(Kind.CUSTOM, className, Collections.emptyList(), null, null,
                Collections.emptyList(), 0);
    }

    private static List<CqlType> one(CqlType t) {
        return Collections.singletonList(Objects.requireNonNull(t));
    }

    private static List<CqlType> copy(List<CqlType> types) {
        List<CqlType> l = new ArrayList<>(types);
        for (CqlType t : l) {
            Objects.requireNonNull(t, "type parameter");
        }
        return Collections.unmodifiableList(l);
    }

    // ------------------------------------------------------------------ protocol parsing

    /**
     * Reads one {@code [option]} from {@code in}, advancing its position past it.
     *
     * @throws CassandraConnectorException (code INTERNAL) if the bytes are malformed
     */
    public static CqlType read(ByteBuffer in) {
        try {
            return read0(in, 0);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CassandraConnectorException(
                    CassandraConnectorException.Code.INTERNAL,
                    "Malformed CQL type option in protocol metadata: " + e,
                    e);
        }
    }

    private static final String DURATION_CLASS = "org.apache.cassandra.db.marshal.DurationType";

    private static CqlType read0(ByteBuffer in, int depth) {
        if (depth > 64) {
            throw new IllegalArgumentException("type nested deeper than 64 levels");
        }
        int id = in.getShort() & 0xFFFF;
        switch (id) {
            case 0x0000:
                {
                    // Protocol v4 has no duration id: servers send duration columns as this custom type.
                    String className = readString(in);
                    return DURATION_CLASS.equals(className) ? DURATION : custom(className);
                }
            case 0x000A: // "text" of protocol v1/v2, an alias of varchar
                return VARCHAR;
            case 0x0020:
                return list(read0(in, depth + 1));
            case 0x0022:
                return set(read0(in, depth + 1));
            case 0x0021:
                {
                    CqlType k = read0(in, depth + 1);
                    CqlType v = read0(in, depth + 1);
                    return map(k, v);
                }
            case 0x0030:
                {
                    String ks = readString(in);
                    String name = readString(in);
                    int n = in.getShort() & 0xFFFF;
                    List<String> names = new ArrayList<>(n);
                    List<CqlType> types = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        names.add(readString(in));
                        types.add(read0(in, depth + 1));
                    }
                    return udt(ks, name, names, types);
                }
            case 0x0031:
                {
                    int n = in.getShort() & 0xFFFF;
                    List<CqlType> types = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        types.add(read0(in, depth + 1));
                    }
                    return tuple(types);
                }
            default:
                for (Kind k : Kind.values()) {
                    if (k.isPrimitive() && k.protocolId == id) {
                        return PRIMITIVES.get(k);
                    }
                }
                throw new IllegalArgumentException(
                        "unknown CQL type id 0x" + Integer.toHexString(id));
        }
    }

    /** Reads a protocol {@code [string]}: unsigned short length then UTF-8 bytes. */
    static String readString(ByteBuffer in) {
        int len = in.getShort() & 0xFFFF;
        byte[] b = new byte[len];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static void writeString(ByteBuffer out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("string too long for [string]: " + b.length);
        }
        out.putShort((short) b.length);
        out.put(b);
    }

    /** This type as protocol {@code [option]} bytes (the inverse of {@link #read}). */
    public byte[] toOptionBytes() {
        ByteBuffer b = ByteBuffer.allocate(optionSize());
        writeOption(b);
        return b.array();
    }

    /** Writes this type as an {@code [option]} into {@code out}. */
    public void writeOption(ByteBuffer out) {
        switch (kind) {
            case CUSTOM:
                out.putShort((short) 0);
                writeString(out, customClassName);
                return;
            case VECTOR:
                out.putShort((short) 0);
                writeString(out, customClassName());
                return;
            case UDT:
                out.putShort((short) kind.protocolId);
                writeString(out, keyspace);
                writeString(out, udtName);
                out.putShort((short) parameters.size());
                for (int i = 0; i < parameters.size(); i++) {
                    writeString(out, fieldNames.get(i));
                    parameters.get(i).writeOption(out);
                }
                return;
            case TUPLE:
                out.putShort((short) kind.protocolId);
                out.putShort((short) parameters.size());
                for (CqlType t : parameters) {
                    t.writeOption(out);
                }
                return;
            default:
                out.putShort((short) kind.protocolId);
                for (CqlType t : parameters) {
                    t.writeOption(out);
                }
        }
    }

    private int optionSize() {
        int size = 2;
        switch (kind) {
            case CUSTOM:
            case VECTOR:
                return size + 2 + utf8Len(customClassName());
            case UDT:
                size += 4 + utf8Len(keyspace) + utf8Len(udtName) + 2;
                for (int i = 0; i < parameters.size(); i++) {
                    size += 2 + utf8Len(fieldNames.get(i)) + parameters.get(i).optionSize();
                }
                return size;
            case TUPLE:
                size += 2;
                break;
            default:
                break;
        }
        for (CqlType t : parameters) {
            size += t.optionSize();
        }
        return size;
    }

    private static int utf8Len(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    // ------------------------------------------------------------------ accessors

    public Kind kind() {
        return kind;
    }

    /**
     * The custom class name: the original one for {@link Kind#CUSTOM}, Cassandra's {@code
     * VectorType(...)} name for {@link Kind#VECTOR}, otherwise null.
     */
    public String customClassName() {
        if (kind == Kind.VECTOR) {
            return MARSHAL
                    + "VectorType("
                    + MarshalParser.marshalName(parameters.get(0))
                    + ","
                    + dimension
                    + ")";
        }
        return customClassName;
    }

    /** Element type of a list, set or vector. */
    public CqlType elementType() {
        if (kind != Kind.LIST && kind != Kind.SET && kind != Kind.VECTOR) {
            throw new IllegalStateException(this + " has no element type");
        }
        return parameters.get(0);
    }

    public CqlType keyType() {
        checkKind(Kind.MAP);
        return parameters.get(0);
    }

    public CqlType valueType() {
        checkKind(Kind.MAP);
        return parameters.get(1);
    }

    /** Tuple component types. */
    public List<CqlType> componentTypes() {
        checkKind(Kind.TUPLE);
        return parameters;
    }

    public String udtKeyspace() {
        checkKind(Kind.UDT);
        return keyspace;
    }

    public String udtName() {
        checkKind(Kind.UDT);
        return udtName;
    }

    public List<String> fieldNames() {
        checkKind(Kind.UDT);
        return fieldNames;
    }

    public List<CqlType> fieldTypes() {
        checkKind(Kind.UDT);
        return parameters;
    }

    /** Dimension of a vector. */
    public int dimension() {
        checkKind(Kind.VECTOR);
        return dimension;
    }

    /** Type parameters in declaration order (empty for primitives and custom types). */
    public List<CqlType> parameters() {
        return parameters;
    }

    private void checkKind(Kind expected) {
        if (kind != expected) {
            throw new IllegalStateException(this + " is not a " + expected);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CqlType)) {
            return false;
        }
        CqlType that = (CqlType) o;
        return hash == that.hash
                && kind == that.kind
                && dimension == that.dimension
                && Objects.equals(customClassName, that.customClassName)
                && parameters.equals(that.parameters)
                && Objects.equals(keyspace, that.keyspace)
                && Objects.equals(udtName, that.udtName)
                && fieldNames.equals(that.fieldNames);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** CQL syntax, without {@code frozen}: {@code map<text, set<uuid>>}, {@code ks.udt}, ... */
    @Override
    public String toString() {
        switch (kind) {
            case CUSTOM:
                return "'" + customClassName + "'";
            case UDT:
                return keyspace + "." + udtName;
            case VECTOR:
                return "vector<" + parameters.get(0) + ", " + dimension + ">";
            case LIST:
            case SET:
            case MAP:
            case TUPLE:
                {
                    StringBuilder sb = new StringBuilder(kind.cqlName).append('<');
                    for (int i = 0; i < parameters.size(); i++) {
                        if (i > 0) {
                            sb.append(", ");
                        }
                        sb.append(parameters.get(i));
                    }
                    return sb.append('>').toString();
                }
            default:
                return kind.cqlName;
        }
    }

    /** Parses and prints Cassandra marshal class names, enough for {@code VectorType}. */
    static final class MarshalParser {
        private static final Map<String, CqlType> SIMPLE = new java.util.HashMap<>();

        static {
            SIMPLE.put("AsciiType", ASCII);
            SIMPLE.put("LongType", BIGINT);
            SIMPLE.put("BytesType", BLOB);
            SIMPLE.put("BooleanType", BOOLEAN);
            SIMPLE.put("CounterColumnType", COUNTER);
            SIMPLE.put("DecimalType", DECIMAL);
            SIMPLE.put("DoubleType", DOUBLE);
            SIMPLE.put("FloatType", FLOAT);
            SIMPLE.put("Int32Type", INT);
            SIMPLE.put("TimestampType", TIMESTAMP);
            SIMPLE.put("UUIDType", UUID);
            SIMPLE.put("UTF8Type", VARCHAR);
            SIMPLE.put("IntegerType", VARINT);
            SIMPLE.put("TimeUUIDType", TIMEUUID);
            SIMPLE.put("InetAddressType", INET);
            SIMPLE.put("SimpleDateType", DATE);
            SIMPLE.put("TimeType", TIME);
            SIMPLE.put("ShortType", SMALLINT);
            SIMPLE.put("ByteType", TINYINT);
            SIMPLE.put("DurationType", DURATION);
        }

        private final String s;
        private int pos;

        private MarshalParser(String s) {
            this.s = s;
        }

        /** The vector type of a {@code VectorType(...)} class name, or null. */
        static CqlType parseVector(String className) {
            String trimmed = className.trim();
            String bare = trimmed.startsWith(MARSHAL) ? trimmed.substring(MARSHAL.length()) : trimmed;
            if (!bare.startsWith("VectorType(")) {
                return null;
            }
            try {
                MarshalParser p = new MarshalParser(trimmed);
                CqlType t = p.parseType();
                if (t == null || p.pos != p.s.length() || t.kind != Kind.VECTOR) {
                    return null;
                }
                return t;
            } catch (RuntimeException e) {
                return null;
            }
        }

        /** A type, or null if unsupported. */
        private CqlType parseType() {
            String name = parseName();
            if (name.startsWith(MARSHAL)) {
                name = name.substring(MARSHAL.length());
            }
            List<String> rawInts = new ArrayList<>();
            List<CqlType> args = new ArrayList<>();
            if (pos < s.length() && s.charAt(pos) == '(') {
                pos++;
                while (true) {
                    skipSpaces();
                    if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                        int start = pos;
                        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                            pos++;
                        }
                        rawInts.add(s.substring(start, pos));
                    } else {
                        CqlType arg = parseType();
                        if (arg == null) {
                            return null;
                        }
                        args.add(arg);
                    }
                    skipSpaces();
                    char c = s.charAt(pos++);
                    if (c == ')') {
                        break;
                    }
                    if (c != ',') {
                        return null;
                    }
                }
            }
            switch (name) {
                case "ListType":
                    return args.size() == 1 && rawInts.isEmpty() ? list(args.get(0)) : null;
                case "SetType":
                    return args.size() == 1 && rawInts.isEmpty() ? set(args.get(0)) : null;
                case "MapType":
                    return args.size() == 2 && rawInts.isEmpty()
                            ? map(args.get(0), args.get(1))
                            : null;
                case "FrozenType":
                case "ReversedType":
                    return args.size() == 1 && rawInts.isEmpty() ? args.get(0) : null;
                case "VectorType":
                    if (args.size() == 1 && rawInts.size() == 1) {
                        int dim = Integer.parseInt(rawInts.get(0));
                        return dim > 0 ? vector(args.get(0), dim) : null;
                    }
                    return null;
                default:
                    return args.isEmpty() && rawInts.isEmpty() ? SIMPLE.get(name) : null;
            }
        }

        private String parseName() {
            skipSpaces();
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '$') {
                    pos++;
                } else {
                    break;
                }
            }
            if (start == pos) {
                throw new IllegalArgumentException("expected a class name at " + pos);
            }
            return s.substring(start, pos);
        }

        private void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        static String marshalName(CqlType t) {
            switch (t.kind) {
                case LIST:
                    return MARSHAL + "ListType(" + marshalName(t.parameters.get(0)) + ")";
                case SET:
                    return MARSHAL + "SetType(" + marshalName(t.parameters.get(0)) + ")";
                case MAP:
                    return MARSHAL
                            + "MapType("
                            + marshalName(t.parameters.get(0))
                            + ","
                            + marshalName(t.parameters.get(1))
                            + ")";
                case VECTOR:
                    return t.customClassName();
                case CUSTOM:
                    return t.customClassName;
                default:
                    for (Map.Entry<String, CqlType> e : SIMPLE.entrySet()) {
                        if (e.getValue() == t) {
                            return MARSHAL + e.getKey();
                        }
                    }
                    throw new IllegalStateException("no marshal class name for " + t);
            }
        }
    }
}
