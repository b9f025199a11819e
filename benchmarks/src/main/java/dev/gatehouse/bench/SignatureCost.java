package dev.gatehouse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One signature's CPU for {@link SideBySide}'s "beyond the signature" rows, measured in the same
 * run on the servers' JDK: {@link SignatureCpu} run as a child process of that JDK, its raw sign
 * primitives read back. Gatehouse signs with BouncyCastle's lightweight signers (Ed25519, ES256) or
 * the JDK (RS256); Keycloak with the JDK's providers.
 *
 * @param alg the JWS algorithm
 * @param ghOperation the primitive Gatehouse signs with, as {@link SignatureCpu} names it
 * @param ghSignUs its thread CPU µs per signature
 * @param kcOperation the primitive Keycloak signs with
 * @param kcSignUs its thread CPU µs per signature
 */
record SignatureCost(
    String alg, String ghOperation, double ghSignUs, String kcOperation, double kcSignUs) {

  private static final int ROUNDS = 9;

  static SignatureCost measure(Path java, String alg) throws IOException, InterruptedException {
    String gh;
    String kc;
    switch (alg) {
      case "RS256":
        gh = "RS256 sign, JDK";
        kc = "RS256 sign, JDK";
        break;
      case "ES256":
        gh = "ES256 sign, BouncyCastle lightweight";
        kc = "ES256 sign, JDK SunEC";
        break;
      case "EdDSA":
        gh = "Ed25519 sign, BouncyCastle";
        kc = "Ed25519 sign, JDK";
        break;
      default:
        throw new IllegalArgumentException("no signature primitive for " + alg);
    }
    Process p =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    SignatureCpu.class.getName(),
                    Integer.toString(ROUNDS)))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("SignatureCpu failed: " + out);
    }
    Map<String, Double> us = new HashMap<>();
    for (String line : out.split("\n")) {
      String[] cells = line.split("\\|");
      if (cells.length == 3) {
        try {
          us.put(cells[1].trim(), Double.parseDouble(cells[2].trim()));
        } catch (NumberFormatException e) {
          // the table's head
        }
      }
    }
    if (!us.containsKey(gh) || !us.containsKey(kc)) {
      throw new IOException("SignatureCpu printed no " + gh + " or " + kc + ": " + out);
    }
    return new SignatureCost(alg, gh, us.get(gh), kc, us.get(kc));
  }

  /** The CPU of one signature in ms: Keycloak's primitive or Gatehouse's. */
  double signMs(boolean keycloak) {
    return (keycloak ? kcSignUs : ghSignUs) / 1000;
  }

  /** The mean of two measurements (before and after the launches). */
  SignatureCost mean(SignatureCost other) {
    return new SignatureCost(
        alg,
        ghOperation,
        (ghSignUs + other.ghSignUs) / 2,
        kcOperation,
        (kcSignUs + other.kcSignUs) / 2);
  }

  String brief() {
    return String.format(
        Locale.ROOT, "one signature: GH %.3f ms, KC %.3f ms", ghSignUs / 1000, kcSignUs / 1000);
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "one signature's thread CPU on the servers' JDK (SignatureCpu %d, median): Gatehouse %s"
            + " %.1f µs, Keycloak %s %.1f µs",
        ROUNDS,
        ghOperation,
        ghSignUs,
        kcOperation,
        kcSignUs);
  }
}
