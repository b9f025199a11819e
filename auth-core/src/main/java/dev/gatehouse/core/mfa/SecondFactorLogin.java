package dev.gatehouse.core.mfa;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.session.TokenPair;
import java.time.Instant;

/**
 * What completing a second-factor login answers: the session's tokens and, when the client asked to
 * remember the device and {@code gatehouse.mfa.remember-device} is above zero, a device token.
 * Presented at a later password or code login of the same user ({@code
 * ClientInfo.withRememberedDevice}), the token skips the second factor until {@code
 * rememberedUntil}, unless it was revoked. Only its keyed hash is stored. {@link #toString()} never
 * shows a token.
 *
 * @param tokens the new session's tokens
 * @param rememberedDevice the device token (256 bits, base64url), or {@code null} when the device
 *     is not remembered
 * @param rememberedUntil when the device token stops working, or {@code null}
 */
public record SecondFactorLogin(
    TokenPair tokens, String rememberedDevice, Instant rememberedUntil) {
  /**
   * @param tokens the new session's tokens
   * @param rememberedDevice the device token, or {@code null}
   * @param rememberedUntil when it stops working, or {@code null}
   */
  public SecondFactorLogin {
    requireNonNull(tokens, "tokens");
    if ((rememberedDevice == null) != (rememberedUntil == null)) {
      throw new IllegalArgumentException("a remembered device needs its expiry, and only it");
    }
  }

  @Override
  public String toString() {
    return "SecondFactorLogin[tokens=" + tokens + ", rememberedUntil=" + rememberedUntil + "]";
  }
}
