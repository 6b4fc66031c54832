package routes.local;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The TLS material of {@code local --secure}, generated at the first start into {@code <data-dir>/tls/} and
 * kept for the next: a CA, and one server certificate for {@code 127.0.0.1} and {@code localhost} signed by it
 * that Kafka, the S3 server and PostgreSQL present (Kafka's controller listener also takes it as the broker's
 * client certificate). Written as PKCS12 stores (for Java clients) and PEM files (for kcat, psql, aws), the store
 * password in a file readable by its owner only.
 */
public final class LocalCertificates {

    /** Distinguished name of the server certificate: the broker's principal on the controller listener. */
    public static final String SERVER_DN = "CN=event-pipeline-local-server";
    private static final Duration VALIDITY = Duration.ofDays(825);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    private LocalCertificates(Path dir) {
        this.dir = dir;
    }

    /** The material in {@code dir}, generated now unless a previous start left it there. */
    public static LocalCertificates in(Path dir, String host) {
        LocalCertificates certificates = new LocalCertificates(dir);
        if (!Files.exists(certificates.serverKeyStore())) {
            certificates.generate(host);
        }
        return certificates;
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** PKCS12 trust store holding the CA only. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** PKCS12 key store with the server key and its chain (alias {@code server}). */
    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    public Path serverCertificatePem() {
        return dir.resolve("server.pem");
    }

    public Path serverKeyPem() {
        return dir.resolve("server.key");
    }

    /** File holding the password of both stores. */
    public Path storePasswordFile() {
        return dir.resolve("store.password");
    }

    public String storePassword() {
        return LocalSecrets.read(storePasswordFile());
    }

    private void generate(String host) {
        try {
            Files.createDirectories(dir);
            String password = LocalSecrets.write(storePasswordFile(), LocalSecrets.random());
            KeyPair caKeys = rsa();
            X509Certificate ca = caCertificate(caKeys);
            KeyPair serverKeys = rsa();
            X509Certificate server = serverCertificate(serverKeys.getPublic(), ca, caKeys.getPrivate(), host);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            store(trust, trustStore(), password);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", serverKeys.getPrivate(), password.toCharArray(), new Certificate[]{server, ca});
            store(keys, serverKeyStore(), password);

            Files.writeString(caPem(), pem(ca));
            Files.writeString(serverCertificatePem(), pem(server) + pem(ca));
            LocalSecrets.write(serverKeyPem(), pem(serverKeys.getPrivate()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local TLS material to " + dir, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the local TLS material: " + e.getMessage(), e);
        }
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate caCertificate(KeyPair keys) throws Exception {
        X500Name name = new X500Name("CN=event-pipeline-local-ca-" + Long.toHexString(RANDOM.nextLong()));
        X509v3CertificateBuilder builder = builder(name, name, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return sign(builder, keys.getPrivate());
    }

    private static X509Certificate serverCertificate(java.security.PublicKey key, X509Certificate ca, PrivateKey caKey,
                                                     String host) throws Exception {
        X509v3CertificateBuilder builder = builder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                new X500Name(SERVER_DN), key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.iPAddress, host), new GeneralName(GeneralName.dNSName, "localhost")}));
        return sign(builder, caKey);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, java.security.PublicKey key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    /** Owner-only, like the password: the key store holds the server's private key. */
    private static void store(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
