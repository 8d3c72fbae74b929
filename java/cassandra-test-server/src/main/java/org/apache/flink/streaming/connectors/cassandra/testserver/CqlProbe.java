package org.apache.flink.streaming.connectors.cassandra.testserver;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Checks that a CQL native-protocol endpoint really answers: sends a protocol v4 {@code OPTIONS}
 * frame and expects a {@code SUPPORTED} response. Hand-written so it needs nothing but the JDK.
 */
public final class CqlProbe {

    private static final byte OPCODE_OPTIONS = 0x05;
    private static final byte OPCODE_SUPPORTED = 0x06;
    private static final byte OPCODE_STARTUP = 0x01;
    private static final byte OPCODE_AUTHENTICATE = 0x03;
    private static final byte OPCODE_AUTH_RESPONSE = 0x0F;
    private static final byte OPCODE_AUTH_SUCCESS = 0x10;

    private CqlProbe() {}

    /** Plain-text probe; returns false on any failure. */
    public static boolean isReady(String host, int port, int timeoutMillis) {
        try {
            handshake(host, port, timeoutMillis, null);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Performs the OPTIONS/SUPPORTED exchange, over TLS when {@code tls} is not null.
     *
     * @return the length of the SUPPORTED body
     * @throws IOException if the server does not answer with a SUPPORTED frame
     */
    public static int handshake(String host, int port, int timeoutMillis, SSLContext tls)
            throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            Socket socket = plain;
            if (tls != null) {
                SSLSocket ssl =
                        (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
                ssl.setSoTimeout(timeoutMillis);
                ssl.startHandshake();
                socket = ssl;
            }
            OutputStream out = socket.getOutputStream();
            // header: version 4 (request), flags 0, stream id 1, opcode OPTIONS, body length 0
            out.write(new byte[] {0x04, 0x00, 0x00, 0x01, OPCODE_OPTIONS, 0, 0, 0, 0});
            out.flush();
            InputStream in = socket.getInputStream();
            DataInputStream data = new DataInputStream(in);
            byte[] header = new byte[9];
            data.readFully(header);
            int version = header[0] & 0xFF;
            if (version != 0x84) {
                throw new IOException("Unexpected response version 0x" + Integer.toHexString(version));
            }
            if (header[4] != OPCODE_SUPPORTED) {
                throw new IOException("Unexpected response opcode 0x" + Integer.toHexString(header[4]));
            }
            int length =
                    ((header[5] & 0xFF) << 24)
                            | ((header[6] & 0xFF) << 16)
                            | ((header[7] & 0xFF) << 8)
                            | (header[8] & 0xFF);
            if (length < 0 || length > 1 << 20) {
                throw new IOException("Implausible SUPPORTED body length " + length);
            }
            data.readFully(new byte[length]);
            return length;
        }
    }

    /**
     * Logs in with PasswordAuthenticator credentials: STARTUP, then AUTH_RESPONSE (SASL PLAIN).
     *
     * @throws IOException if the server does not answer AUTH_SUCCESS (e.g. the superuser role does
     *     not exist yet, or the credentials are wrong)
     */
    public static void authenticate(
            String host, int port, int timeoutMillis, SSLContext tls, String user, String password)
            throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            Socket socket = plain;
            if (tls != null) {
                SSLSocket ssl =
                        (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
                ssl.setSoTimeout(timeoutMillis);
                ssl.startHandshake();
                socket = ssl;
            }
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            // STARTUP {CQL_VERSION: 3.0.0}
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream b = new DataOutputStream(body);
            b.writeShort(1);
            writeString(b, "CQL_VERSION");
            writeString(b, "3.0.0");
            writeFrame(out, 1, OPCODE_STARTUP, body.toByteArray());
            int opcode = readFrame(in);
            if (opcode != OPCODE_AUTHENTICATE) {
                throw new IOException("Expected AUTHENTICATE, got opcode 0x" + Integer.toHexString(opcode));
            }
            byte[] token = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
            body.reset();
            b.writeInt(token.length);
            b.write(token);
            writeFrame(out, 2, OPCODE_AUTH_RESPONSE, body.toByteArray());
            opcode = readFrame(in);
            if (opcode != OPCODE_AUTH_SUCCESS) {
                throw new IOException("Login as " + user + " failed, opcode 0x" + Integer.toHexString(opcode));
            }
        }
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    static void writeFrame(DataOutputStream out, int stream, byte opcode, byte[] body) throws IOException {
        out.write(new byte[] {0x04, 0x00, (byte) (stream >> 8), (byte) stream, opcode});
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    /** Reads one response frame, discards its body and returns its opcode. */
    private static int readFrame(DataInputStream in) throws IOException {
        byte[] header = new byte[9];
        in.readFully(header);
        int length = ((header[5] & 0xFF) << 24) | ((header[6] & 0xFF) << 16) | ((header[7] & 0xFF) << 8) | (header[8] & 0xFF);
        if ((header[0] & 0xFF) != 0x84 || length < 0 || length > 1 << 20) {
            throw new IOException("Unexpected response header");
        }
        in.readFully(new byte[length]);
        return header[4];
    }

    /**
     * A TLS context for probing a test node: it trusts any server certificate and, when a keystore
     * is given, presents its key (for servers that require client authentication).
     */
    public static SSLContext insecureTlsContext(Path keystore, String password) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            javax.net.ssl.KeyManager[] keyManagers = null;
            if (keystore != null) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                char[] pw = password == null ? new char[0] : password.toCharArray();
                try (InputStream in = Files.newInputStream(keystore)) {
                    store.load(in, pw);
                }
                KeyManagerFactory kmf =
                        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, pw);
                keyManagers = kmf.getKeyManagers();
            }
            context.init(keyManagers, new TrustManager[] {new TrustAll()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot build TLS context for the readiness probe", e);
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
