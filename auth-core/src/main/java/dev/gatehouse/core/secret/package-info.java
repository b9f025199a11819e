/**
 * Keyed hashing of short secrets (one-time codes, action and refresh tokens), so the database never
 * holds a usable secret: {@link dev.gatehouse.core.secret.SecretHasher}; and sealing of what must
 * be read back (outbox messages, sign-in states, link tokens, TOTP seeds) under secrets that
 * rotate: {@link dev.gatehouse.core.secret.Sealer}.
 */
@NullMarked
package dev.gatehouse.core.secret;

import org.jspecify.annotations.NullMarked;
