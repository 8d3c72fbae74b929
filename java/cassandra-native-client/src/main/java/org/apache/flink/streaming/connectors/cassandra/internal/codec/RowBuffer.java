package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidValueException;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeContract;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A reusable, growable, direct, big-endian buffer of rows in the layout that crosses JNI:
 *
 * <pre>
 * [u32 row_count]{ [u16 col_count]{ [i32 len | -1 = null | -2 = unset][len bytes] }* }*
 * </pre>
 *
 * <p>Usage: {@link #clear()}, then per row {@link #beginRow(int)} followed by one value per column
 * ({@link #putNull()}, {@link #putUnset()}, {@link #putValue(byte[])} or a codec writing between
 * {@link #beginValue()} and {@link #endValue(int)}), then {@link #finish()}. A row that failed half
 * way can be dropped with {@link #abortRow()}. Not thread-safe.
 *
 * <p><b>Internal API</b>: not for use outside the connector; may change without notice.
 */
@Internal
public final class RowBuffer {
    public static final int DEFAULT_INITIAL_CAPACITY = 64 * 1024;
    public static final int DEFAULT_MAX_ROW_BYTES = 256 * 1024 * 1024;
    /** The largest capacity a direct buffer can safely have. */
    static final int MAX_CAPACITY = Integer.MAX_VALUE - 64;

    private static final int HEADER = 4;
    private static final int STRING_BULK_THRESHOLD = 128;

    private final int maxRowBytes;
    private ByteBuffer buf;
    private int rowCount;
    /** Offset of the current row's column count, or -1 outside a row. */
    private int rowStart = -1;
    /** Writes beyond this offset need growth or break the row size limit. */
    private int writeLimit;

    public RowBuffer() {
        this(DEFAULT_INITIAL_CAPACITY, DEFAULT_MAX_ROW_BYTES);
    }

    public RowBuffer(int initialCapacity) {
        this(initialCapacity, DEFAULT_MAX_ROW_BYTES);
    }

    /**
     * @param initialCapacity initial size of the direct buffer, in bytes (at least 16 is used)
     * @param maxRowBytes the largest encoded row accepted, in bytes
     */
    public RowBuffer(int initialCapacity, int maxRowBytes) {
        if (maxRowBytes <= 0) {
            throw new IllegalArgumentException("maxRowBytes must be positive: " + maxRowBytes);
        }
        this.maxRowBytes = maxRowBytes;
        this.buf =
                ByteBuffer.allocateDirect(Math.max(16, initialCapacity)).order(ByteOrder.BIG_ENDIAN);
        clear();
    }

    /** Drops all rows; keeps the capacity. */
    public void clear() {
        buf.clear();
        buf.putInt(0);
        rowCount = 0;
        rowStart = -1;
        updateLimit();
    }

    /** Starts a row of {@code columnCount} values (0..65535). */
    public void beginRow(int columnCount) {
        if (columnCount < 0 || columnCount > 0xFFFF) {
            throw new IllegalArgumentException("a row has 0..65535 columns, not " + columnCount);
        }
        rowStart = buf.position();
        updateLimit();
        ensure(2);
        buf.putShort((short) columnCount);
        rowCount++;
    }

    /** Removes the row begun by the last {@link #beginRow(int)} and everything written since. */
    public void abortRow() {
        if (rowStart < 0) {
            throw new IllegalStateException("no row to abort");
        }
        buf.position(rowStart);
        rowCount--;
        rowStart = -1;
        updateLimit();
    }

    /** Number of rows begun since {@link #clear()} (and not aborted). */
    public int rowCount() {
        return rowCount;
    }

    /** Bytes written so far, including the row count header. */
    public int sizeInBytes() {
        return buf.position();
    }

    /** Current write offset. */
    public int position() {
        return buf.position();
    }

    public int capacity() {
        return buf.capacity();
    }

    /** Bytes of the rows written since {@link #clear()}, without the row count header. */
    public int rowsSizeInBytes() {
        return buf.position() - HEADER;
    }

    /** Copies the rows written since {@link #clear()} (without the header) into {@code dest} at {@code offset}. */
    public void copyRowsTo(byte[] dest, int offset) {
        ByteBuffer src = buf.duplicate();
        src.limit(buf.position());
        src.position(HEADER);
        src.get(dest, offset, buf.position() - HEADER);
    }

    /**
     * Appends one row exactly as another buffer encoded it ({@code length} bytes of {@code row}
     * from {@code offset}, as {@link #copyRowsTo} copied them): rows are encoded once.
     */
    public void putEncodedRow(byte[] row, int offset, int length) {
        rowStart = buf.position();
        updateLimit();
        ensure(length);
        buf.put(row, offset, length);
        rowCount++;
    }

    /**
     * Patches the row count and returns a view of the written bytes: a direct big-endian buffer with
     * position 0 and limit {@link #sizeInBytes()}. The view shares memory with this buffer and stays
     * valid until the next write or {@link #clear()}.
     */
    public ByteBuffer finish() {
        buf.putInt(0, rowCount);
        ByteBuffer view = buf.duplicate().order(ByteOrder.BIG_ENDIAN);
        view.flip();
        return view;
    }

    // ------------------------------------------------------------------ values

    public void putNull() {
        putInt(NativeContract.NULL);
    }

    public void putUnset() {
        putInt(NativeContract.UNSET);
    }

    /** Writes {@code [int length][bytes]}; a null array is written as null. */
    public void putValue(byte[] value) {
        if (value == null) {
            putNull();
            return;
        }
        ensure(4 + value.length);
        buf.putInt(value.length);
        buf.put(value);
    }

    /**
     * Reserves a length prefix and returns its offset; after writing the value bytes, call {@link
     * #endValue(int)} with that offset.
     */
    public int beginValue() {
        ensure(4);
        int mark = buf.position();
        buf.putInt(0);
        return mark;
    }

    /** Back-patches the length prefix reserved by {@link #beginValue()}. */
    public void endValue(int mark) {
        buf.putInt(mark, buf.position() - mark - 4);
    }

    // ------------------------------------------------------------------ raw writers

    public void putByte(int v) {
        ensure(1);
        buf.put((byte) v);
    }

    public void putShort(int v) {
        ensure(2);
        buf.putShort((short) v);
    }

    public void putInt(int v) {
        ensure(4);
        buf.putInt(v);
    }

    public void putLong(long v) {
        ensure(8);
        buf.putLong(v);
    }

    public void putFloat(float v) {
        ensure(4);
        buf.putFloat(v);
    }

    public void putDouble(double v) {
        ensure(8);
        buf.putDouble(v);
    }

    public void putBytes(byte[] b) {
        ensure(b.length);
        buf.put(b);
    }

    public void putBytes(byte[] b, int offset, int length) {
        ensure(length);
        buf.put(b, offset, length);
    }

    /** Writes the remaining bytes of {@code b} without changing its position. */
    public void putBytes(ByteBuffer b) {
        int len = b.remaining();
        ensure(len);
        if (b.hasArray()) {
            buf.put(b.array(), b.arrayOffset() + b.position(), len);
        } else {
            buf.put(b.duplicate());
        }
    }

    /** Writes chars known to be below 0x80, one byte each. */
    void putAsciiChars(String s) {
        int n = s.length();
        if (n > STRING_BULK_THRESHOLD) {
            putBytes(s.getBytes(StandardCharsets.US_ASCII));
            return;
        }
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf.put((byte) s.charAt(i));
        }
    }

    /** Writes {@code s} as UTF-8 (unpaired surrogates become '?', as String.getBytes does). */
    public void putUtf8(String s) {
        int n = s.length();
        if (n > STRING_BULK_THRESHOLD) {
            putBytes(s.getBytes(StandardCharsets.UTF_8));
            return;
        }
        int len = utf8Length(s);
        ensure(len);
        if (len == n) {
            // one byte per char: ASCII, or an unpaired surrogate (its '?'), nothing else
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                buf.put(c < 0x80 ? (byte) c : (byte) '?');
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf.put((byte) c);
            } else if (c < 0x800) {
                buf.put((byte) (0xC0 | (c >> 6)));
                buf.put((byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < n
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf.put((byte) (0xF0 | (cp >> 18)));
                buf.put((byte) (0x80 | ((cp >> 12) & 0x3F)));
                buf.put((byte) (0x80 | ((cp >> 6) & 0x3F)));
                buf.put((byte) (0x80 | (cp & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                buf.put((byte) '?');
            } else {
                buf.put((byte) (0xE0 | (c >> 12)));
                buf.put((byte) (0x80 | ((c >> 6) & 0x3F)));
                buf.put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }

    private static int utf8Length(String s) {
        int n = s.length();
        int len = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    len += 1;
                } else if (Character.isHighSurrogate(c)
                        && i + 1 < n
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    len += 2; // 4 bytes for 2 chars
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    len += 2;
                }
            }
        }
        return len;
    }

    /** Moves the bytes written since {@code start} behind an unsigned vint of their length. */
    void prefixWithUnsignedVIntLength(int start) {
        int len = buf.position() - start;
        byte[] body = new byte[len];
        ByteBuffer src = buf.duplicate();
        src.position(start);
        src.get(body);
        buf.position(start);
        VIntCoding.writeUnsignedVInt(len, this);
        putBytes(body);
    }

    // ------------------------------------------------------------------ growth

    private void updateLimit() {
        writeLimit =
                rowStart < 0
                        ? buf.capacity()
                        : (int) Math.min(buf.capacity(), (long) rowStart + maxRowBytes);
    }

    private void ensure(int n) {
        if (n > writeLimit - buf.position()) {
            grow(n);
        }
    }

    private void grow(int n) {
        long needed = (long) buf.position() + n;
        if (rowStart >= 0 && needed - rowStart > maxRowBytes) {
            throw new CassandraInvalidValueException(
                    "Row "
                            + rowCount
                            + " of the batch is larger than the maximum row size of "
                            + maxRowBytes
                            + " bytes");
        }
        if (needed > MAX_CAPACITY) {
            throw new CassandraInvalidValueException(
                    "The batch of rows would exceed " + MAX_CAPACITY + " bytes; flush more often");
        }
        if (needed > buf.capacity()) {
            long doubled = Math.min((long) buf.capacity() * 2, MAX_CAPACITY);
            int newCapacity = (int) Math.max(needed, doubled);
            ByteBuffer bigger = ByteBuffer.allocateDirect(newCapacity).order(ByteOrder.BIG_ENDIAN);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
        updateLimit();
    }
}
