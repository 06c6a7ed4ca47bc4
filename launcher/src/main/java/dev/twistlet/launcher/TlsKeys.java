package dev.twistlet.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The key and certificates of an {@link SslEndpoint}, as a key store Jetty can use: read
 * from PEM files (with BouncyCastle's PEM reader: PKCS#8, PKCS#1 RSA and SEC1 EC keys), or
 * loaded from a PKCS#12 or JKS file. Every mistake (a missing or unreadable file, no key,
 * an encrypted key, a certificate that does not go with the key) is a {@link UsageException}
 * naming the file.
 */
final class TlsKeys {
    /** The key store built from PEM files, and the password it was given. */
    record Loaded(KeyStore keyStore, String password) {
    }

    private TlsKeys() {
    }

    /**
     * @param endpoint the endpoint whose keys to load
     * @return a key store holding one key entry with its certificate chain
     * @throws UsageException when the files cannot be used
     */
    static Loaded load(SslEndpoint endpoint) {
        return endpoint.keystore() != null ? keystore(endpoint) : pem(endpoint);
    }

    private static Loaded keystore(SslEndpoint endpoint) {
        Path file = endpoint.keystore();
        String password = endpoint.password() == null ? "" : endpoint.password();
        String type = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.toCharArray());
            return new Loaded(store, password);
        } catch (IOException | GeneralSecurityException e) {
            throw unusable(endpoint, "key store " + file, e);
        }
    }

    private static Loaded pem(SslEndpoint endpoint) {
        PrivateKey key = null;
        List<X509Certificate> chain = new ArrayList<>();
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        JcaX509CertificateConverter certificates = new JcaX509CertificateConverter();
        for (Path file : files(endpoint)) {
            boolean keyFile = file.equals(endpoint.privateKey());
            boolean certFile = !keyFile || endpoint.certKey().equals(endpoint.privateKey());
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(reader)) {
                for (Object item; (item = pem.readObject()) != null; ) {
                    if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
                        throw new UsageException("cannot listen on " + endpoint.spec() + ": the private key in " + file
                                + " is encrypted; decrypt it with 'openssl pkey -in KEY -out KEY.plain'");
                    }
                    if (keyFile && key == null) {
                        if (item instanceof PEMKeyPair pair) {
                            key = keys.getKeyPair(pair).getPrivate();
                        } else if (item instanceof PrivateKeyInfo info) {
                            key = keys.getPrivateKey(info);
                        }
                    }
                    if (certFile && item instanceof X509CertificateHolder holder) {
                        chain.add(certificates.getCertificate(holder));
                    }
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                if (e instanceof UsageException usage) {
                    throw usage;
                }
                throw unusable(endpoint, file.toString(), e);
            }
        }
        if (key == null) {
            throw new UsageException("cannot listen on " + endpoint.spec() + ": no private key in " + endpoint.privateKey());
        }
        if (chain.isEmpty()) {
            throw new UsageException("cannot listen on " + endpoint.spec() + ": no certificate in " + endpoint.certKey());
        }
        if (!key.getAlgorithm().equals(chain.get(0).getPublicKey().getAlgorithm())) {
            throw new UsageException("cannot listen on " + endpoint.spec() + ": the certificate in " + endpoint.certKey()
                    + " is for a " + chain.get(0).getPublicKey().getAlgorithm() + " key, the private key is "
                    + key.getAlgorithm());
        }
        try {
            String password = Long.toHexString(new java.security.SecureRandom().nextLong());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("twistlet", key, password.toCharArray(), chain.toArray(new Certificate[0]));
            return new Loaded(store, password);
        } catch (IOException | GeneralSecurityException e) {
            throw unusable(endpoint, endpoint.privateKey().toString(), e);
        }
    }

    /** The files to read, each once: the key, the certificate (often the same file), the chain. */
    private static List<Path> files(SslEndpoint endpoint) {
        List<Path> files = new ArrayList<>(Arrays.asList(endpoint.privateKey()));
        if (!endpoint.certKey().equals(endpoint.privateKey())) {
            files.add(endpoint.certKey());
        }
        if (endpoint.extraCertChain() != null) {
            files.add(endpoint.extraCertChain());
        }
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new UsageException("cannot listen on " + endpoint.spec() + ": cannot read " + file
                        + (Files.exists(file) ? " (permission denied)" : " (no such file)"));
            }
        }
        return files;
    }

    private static UsageException unusable(SslEndpoint endpoint, String what, Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new UsageException("cannot listen on " + endpoint.spec() + ": cannot use " + what + ": " + reason);
    }
}
