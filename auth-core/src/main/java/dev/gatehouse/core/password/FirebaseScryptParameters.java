package dev.gatehouse.core.password;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.ConfigurationException;

/**
 * A Firebase project's "password hash parameters" for its modified scrypt, as the Firebase console
 * shows them (Authentication, Users, menu, "Password hash parameters") and {@code firebase
 * auth:import} takes them. Needed to verify the {@code $firebase-scrypt$<salt>$<passwordHash>}
 * strings made from a Firebase {@code auth:export}; see {@link
 * PasswordHashing.Builder#firebaseScrypt}.
 *
 * <p>The signer key is a secret of the project: with it and a database dump, passwords can be
 * attacked offline. Keep it out of the database and out of logs; {@link #toString()} never shows
 * it.
 *
 * <pre>{@code
 * PasswordHashing hashing = PasswordHashing.builder()
 *     .firebaseScrypt(FirebaseScryptParameters.of(signerKey, "Bw==", 8, 14))
 *     .build();
 * }</pre>
 */
public final class FirebaseScryptParameters {
  /** The largest {@code rounds} accepted (Firebase itself uses 1 to 8). */
  public static final int MAX_ROUNDS = 16;

  /** The largest {@code memCost} accepted (Firebase itself uses 1 to 14). */
  public static final int MAX_MEM_COST = 20;

  private final byte[] signerKey;
  private final byte[] saltSeparator;
  private final int rounds;
  private final int memCost;

  private FirebaseScryptParameters(
      byte[] signerKey, byte[] saltSeparator, int rounds, int memCost) {
    this.signerKey = signerKey;
    this.saltSeparator = saltSeparator;
    this.rounds = rounds;
    this.memCost = memCost;
  }

  /**
   * The parameters exactly as Firebase gives them.
   *
   * @param base64SignerKey {@code base64_signer_key}, standard base64, not empty
   * @param base64SaltSeparator {@code base64_salt_separator}, standard base64, may be empty
   * @param rounds {@code rounds}, scrypt's {@code r}, 1 to {@link #MAX_ROUNDS}
   * @param memCost {@code mem_cost}, scrypt's {@code N} is 2^memCost, 1 to {@link #MAX_MEM_COST}
   * @return the parameters
   * @throws ConfigurationException naming the first invalid value (never quoting the key)
   */
  public static FirebaseScryptParameters of(
      String base64SignerKey, String base64SaltSeparator, int rounds, int memCost) {
    requireNonNull(base64SignerKey, "base64SignerKey");
    requireNonNull(base64SaltSeparator, "base64SaltSeparator");
    if (!Encoding.isBase64(base64SignerKey)) {
      throw new ConfigurationException(
          "password.firebase.signer-key must be non-empty standard base64");
    }
    if (!base64SaltSeparator.isEmpty() && !Encoding.isBase64(base64SaltSeparator)) {
      throw new ConfigurationException(
          "password.firebase.salt-separator must be standard base64, was " + base64SaltSeparator);
    }
    if (rounds < 1 || rounds > MAX_ROUNDS) {
      throw new ConfigurationException(
          "password.firebase.rounds must be 1.." + MAX_ROUNDS + ", was " + rounds);
    }
    if (memCost < 1 || memCost > MAX_MEM_COST) {
      throw new ConfigurationException(
          "password.firebase.mem-cost must be 1.." + MAX_MEM_COST + ", was " + memCost);
    }
    return new FirebaseScryptParameters(
        Encoding.decodeBase64(base64SignerKey),
        base64SaltSeparator.isEmpty() ? new byte[0] : Encoding.decodeBase64(base64SaltSeparator),
        rounds,
        memCost);
  }

  byte[] signerKey() {
    return signerKey.clone();
  }

  byte[] saltSeparator() {
    return saltSeparator.clone();
  }

  /** {@return scrypt's {@code r}} */
  public int rounds() {
    return rounds;
  }

  /** {@return log2 of scrypt's {@code N}} */
  public int memCost() {
    return memCost;
  }

  /** Shows rounds and memory cost only; never the signer key or the separator. */
  @Override
  public String toString() {
    return "FirebaseScryptParameters[rounds=" + rounds + ", memCost=" + memCost + "]";
  }
}
