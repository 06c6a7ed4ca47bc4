package dev.twistlet.launcher;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A TLS client context that trusts any certificate: for tests against a self-signed one. */
final class TrustingTls {
    private TrustingTls() {
    }

    /**
     * @return a context whose sockets accept the test server's self-signed certificate
     * @throws GeneralSecurityException when the JDK offers no TLS
     */
    static SSLContext context() throws GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new Trusting()}, null);
        return tls;
    }

    private static final class Trusting implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
