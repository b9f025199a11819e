/**
 * Keyed hashing of short secrets (one-time codes, action and refresh tokens), so the database never
 * holds a usable secret: {@link dev.gatehouse.core.secret.SecretHasher}.
 */
@NullMarked
package dev.gatehouse.core.secret;

import org.jspecify.annotations.NullMarked;
