/**
 * Password hashing, verification and policy.
 *
 * <p>Where to start: {@link dev.gatehouse.core.password.PasswordHashing} hashes new passwords with
 * Argon2id and verifies stored hashes in every recognised format — Django's ({@code
 * pbkdf2_sha256$…}, {@code argon2$…}, …), passlib's, PHP's ({@code $2y$…}, phpass), argon2-cffi's —
 * telling the caller when a hash should be upgraded ({@link
 * dev.gatehouse.core.password.PasswordHashing.PasswordVerification}). {@link
 * dev.gatehouse.core.password.PasswordPolicy} checks length, the bundled common-password list and
 * context words. Each stored format is a {@link dev.gatehouse.core.password.PasswordHashFormat}.
 */
@NullMarked
package dev.gatehouse.core.password;

import org.jspecify.annotations.NullMarked;
