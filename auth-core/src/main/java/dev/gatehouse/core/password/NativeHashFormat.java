package dev.gatehouse.core.password;

import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import java.security.SecureRandom;

/** A built-in format that can also write new hashes for one {@link PasswordHashAlgorithm}. */
interface NativeHashFormat extends PasswordHashFormat {

  /** Computes a new stored hash of {@code password} with the configured parameters. */
  String hash(String password, PasswordHashingOptions options, SecureRandom random);

  /**
   * A well-formed stored hash at the configured parameters whose digest is random, so verifying
   * against it costs exactly one real computation and never matches. Computes nothing.
   */
  String dummyHash(PasswordHashingOptions options, SecureRandom random);
}
