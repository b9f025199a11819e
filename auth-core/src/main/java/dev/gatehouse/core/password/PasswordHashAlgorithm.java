package dev.gatehouse.core.password;

import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;

/**
 * The algorithm {@link PasswordHashing} uses for <em>new</em> hashes. Stored hashes in any
 * recognised format are verified whatever this setting is; a match in a format other than the
 * configured one is reported as {@link PasswordVerification#MATCH_NEEDS_UPGRADE}.
 */
public enum PasswordHashAlgorithm {
  /**
   * Argon2id (RFC 9106), stored as a PHC string {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}.
   */
  ARGON2ID,
  /**
   * bcrypt, stored as {@code $2b$cost$saltHash}. Passwords longer than 72 UTF-8 bytes are refused
   * when hashing (see {@link PasswordHashing#hash(String)}).
   */
  BCRYPT,
  /** scrypt, stored in Django's format {@code scrypt$N$salt$r$p$base64(hash)}. */
  SCRYPT,
  /** PBKDF2-HMAC-SHA256, stored in Django's format {@code pbkdf2_sha256$iterations$salt$hash}. */
  PBKDF2_SHA256
}
