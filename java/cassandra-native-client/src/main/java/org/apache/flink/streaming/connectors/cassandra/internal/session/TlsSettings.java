package org.apache.flink.streaming.connectors.cassandra.internal.session;

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
public final class TlsSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> trustedCertificatesHex;
    private final boolean verifyHostname;
    private final String serverName;

    public TlsSettings(List<String> trustedCertificatesHex, boolean verifyHostname, String serverName) {
        this.trustedCertificatesHex = Collections.unmodifiableList(new ArrayList<>(trustedCertificatesHex));
        this.verifyHostname = verifyHostname;
        this.serverName = serverName;
    }

    JsonWriter toJsonWriter() {
        return new JsonWriter()
                .field("trustedCertificatesHex", trustedCertificatesHex)
                .field("verifyHostname", verifyHostname)
                .field("serverName", serverName);
    }

    @Override
    public String toString() {
        return "TLS{" + trustedCertificatesHex.size() + " trusted certificates, verifyHostname=" + verifyHostname + '}';
    }
}
