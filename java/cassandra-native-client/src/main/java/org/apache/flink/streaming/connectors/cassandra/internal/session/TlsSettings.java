package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.util.JsonWriter;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * TLS settings as the native side needs them: the trusted certificates (DER, hex-encoded, read
 * from the user's trust store in Java) and whether to verify the server's host name.
 *
 * <p>Internal.
 */
@Internal
public final class TlsSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> trustedCertificatesHex;
    private final boolean verifyHostname;
    private final String serverName;
    private final List<String> clientCertificateChainHex;
    private final String clientPrivateKeyHex;

    public TlsSettings(List<String> trustedCertificatesHex, boolean verifyHostname, String serverName) {
        this(trustedCertificatesHex, verifyHostname, serverName, Collections.emptyList(), null);
    }

    /**
     * With a client certificate for mutual TLS.
     *
     * @param clientCertificateChainHex DER certificates, hex, leaf first (empty: no client auth)
     * @param clientPrivateKeyHex the leaf's private key, PKCS#8 DER, hex (null: no client auth)
     */
    public TlsSettings(
            List<String> trustedCertificatesHex,
            boolean verifyHostname,
            String serverName,
            List<String> clientCertificateChainHex,
            String clientPrivateKeyHex) {
        this.trustedCertificatesHex = Collections.unmodifiableList(new ArrayList<>(trustedCertificatesHex));
        this.verifyHostname = verifyHostname;
        this.serverName = serverName;
        this.clientCertificateChainHex = Collections.unmodifiableList(new ArrayList<>(clientCertificateChainHex));
        this.clientPrivateKeyHex = clientPrivateKeyHex;
    }

    public int trustedCertificateCount() {
        return trustedCertificatesHex.size();
    }

    public boolean verifyHostname() {
        return verifyHostname;
    }

    public boolean hasClientCertificate() {
        return clientPrivateKeyHex != null;
    }

    JsonWriter toJsonWriter() {
        return new JsonWriter()
                .field("trustedCertificatesHex", trustedCertificatesHex)
                .field("verifyHostname", verifyHostname)
                .field("serverName", serverName)
                .field("clientCertificateChainHex", clientCertificateChainHex)
                .field("clientPrivateKeyHex", clientPrivateKeyHex);
    }

    /** Never shows the private key. */
    @Override
    public String toString() {
        return "TLS{" + trustedCertificatesHex.size() + " trusted certificates, verifyHostname=" + verifyHostname
                + (serverName == null ? "" : ", serverName=" + serverName)
                + ", clientCertificate=" + (clientPrivateKeyHex == null ? "none" : "yes") + '}';
    }
}
