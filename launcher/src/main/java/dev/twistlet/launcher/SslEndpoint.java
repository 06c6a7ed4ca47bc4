package dev.twistlet.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * A TLS endpoint, as Twisted's {@code ssl:} strings name one:
 * {@code ssl:8443:privateKey=key.pem:certKey=cert.pem:extraCertChain=chain.pem}, or with a
 * key store instead of PEM files, {@code ssl:8443:keystore=site.p12:password=secret}. PEM keys
 * may be PKCS#8, PKCS#1 (RSA) or SEC1 (EC); {@code certKey} defaults to {@code privateKey}
 * (one file holding both). HTTP/2 is offered by ALPN beside HTTP/1.1.
 *
 * @param port           the TCP port, 0 for a free one
 * @param host           the interface to bind, or {@code null} for every interface
 * @param backlog        the accept queue length, or 0 for the default
 * @param privateKey     the PEM private key, or {@code null} with a key store
 * @param certKey        the PEM certificate (and perhaps its chain), or {@code null}
 * @param extraCertChain more PEM certificates of the chain, or {@code null}
 * @param keystore       a PKCS#12 or JKS key store, or {@code null} with PEM files
 * @param password       the key store's password, or {@code null}
 * @param spec           the string it was parsed from, its password masked
 */
public record SslEndpoint(int port, String host, int backlog, Path privateKey, Path certKey, Path extraCertChain,
        Path keystore, String password, String spec) implements Endpoint {

    /** Hides the password from {@code toString}, and so from logs. */
    @Override
    public String toString() {
        return "SslEndpoint[" + spec + "]";
    }

    /**
     * @param spec the whole string
     * @param args what follows {@code ssl:}
     * @return the endpoint
     */
    static SslEndpoint parse(String spec, String args) {
        String masked = EndpointArgs.masked(spec);
        EndpointArgs named = new EndpointArgs(masked, args, "port", List.of("port", "interface", "backlog", "privateKey",
                "certKey", "extraCertChain", "keystore", "password"));
        if (named.get("port") == null) {
            throw named.error("no port");
        }
        String privateKey = named.get("privateKey");
        String keystore = named.get("keystore");
        if ((privateKey == null) == (keystore == null)) {
            throw named.error("give privateKey=KEY.pem (with certKey=CERT.pem) or keystore=FILE.p12 (with password=...)");
        }
        if (keystore != null && (named.get("certKey") != null || named.get("extraCertChain") != null)) {
            throw named.error("certKey and extraCertChain go with privateKey, not with keystore");
        }
        if (privateKey != null && named.get("password") != null) {
            throw named.error("password goes with keystore; encrypted PEM keys are not read (decrypt with 'openssl pkey')");
        }
        String host = named.get("interface");
        String certKey = named.get("certKey");
        return new SslEndpoint(named.number("port", 65535, 0), host == null || host.isEmpty() ? null : host,
                named.number("backlog", 65535, 0), path(privateKey), path(certKey != null ? certKey : privateKey),
                path(named.get("extraCertChain")), path(keystore), named.get("password"), masked);
    }

    private static Path path(String file) {
        return file == null ? null : UnixEndpoint.home(file);
    }
}
