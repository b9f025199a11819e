package dev.gatehouse.saml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * RSA keys with self-signed certificates, generated when a test first asks for one (by the JDK's
 * {@code keytool}, so no key is checked in and no certificate code is written here), one per name
 * for the test run.
 */
final class TestKeys {
  record Pair(PrivateKey privateKey, X509Certificate certificate) {}

  private static final Map<String, Pair> MADE = new ConcurrentHashMap<>();

  private TestKeys() {}

  static Pair named(String name) {
    return MADE.computeIfAbsent(name, TestKeys::generate);
  }

  private static Pair generate(String name) {
    try {
      Path dir = Files.createTempDirectory("saml-keys");
      Path store = dir.resolve(name + ".p12");
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      Process p =
          new ProcessBuilder(
                  List.of(
                      keytool,
                      "-genkeypair",
                      "-alias",
                      name,
                      "-keyalg",
                      "RSA",
                      "-keysize",
                      "2048",
                      "-sigalg",
                      "SHA256withRSA",
                      "-validity",
                      "2",
                      "-dname",
                      "CN=" + name,
                      "-storetype",
                      "PKCS12",
                      "-keystore",
                      store.toString(),
                      "-storepass",
                      "changeit",
                      "-keypass",
                      "changeit"))
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed for " + name);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, "changeit".toCharArray());
      }
      Pair pair =
          new Pair(
              (PrivateKey) ks.getKey(name, "changeit".toCharArray()),
              (X509Certificate) ks.getCertificate(name));
      Files.delete(store);
      Files.delete(dir);
      return pair;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
