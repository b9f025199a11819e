package dev.gatehouse.legacy;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A verified legacy token ({@link LegacyTokens}).
 *
 * @param purpose the action-token purpose it is recorded under when spent
 * @param hash the keyed hash that records it as spent
 * @param legacyUserId its user's id in the legacy system, which the host's {@code
 *     LegacyAccountResolver} maps to an account
 * @param expiresAt until when it is recorded as spent
 * @param method the sign-in method (and {@code amr}) of the session it carries over
 * @param signedInAt when its user signed in to the legacy system, the session's {@code auth_time};
 *     {@code null} when the token does not tell (never a recent sign-in)
 */
record LegacyToken(
    String purpose,
    String hash,
    String legacyUserId,
    Instant expiresAt,
    String method,
    @Nullable Instant signedInAt) {
  /** {@return the carried-over session's {@code amr}} */
  List<String> amr() {
    return List.of(method);
  }

  @Override
  public String toString() {
    return "LegacyToken[" + method + "]";
  }
}
