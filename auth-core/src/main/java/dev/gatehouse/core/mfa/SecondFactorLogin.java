package dev.gatehouse.core.mfa;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.TokenPair;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What completing a second-factor login answers: the session's tokens and, when the client asked to
 * remember the device and {@code gatehouse.mfa.remember-device} is above zero, a device token.
 * Presented at a later password or code login of the same user ({@code
 * ClientInfo.withRememberedDevice}), the token skips the second factor until {@code
 * rememberedUntil}, unless it was revoked. Only its keyed hash is stored. {@link #toString()} never
 * shows a token.
 *
 * @param signedIn the sign-in: the new session's tokens and how the user authenticated
 * @param rememberedDevice the device token (256 bits, base64url), or {@code null} when the device
 *     is not remembered
 * @param rememberedUntil when the device token stops working, or {@code null}
 */
public record SecondFactorLogin(
    SignInResult.SignedIn signedIn,
    @Nullable String rememberedDevice,
    @Nullable Instant rememberedUntil) {
  /**
   * @param signedIn the sign-in
   * @param rememberedDevice the device token, or {@code null}
   * @param rememberedUntil when it stops working, or {@code null}
   */
  public SecondFactorLogin {
    requireNonNull(signedIn, "signedIn");
    if ((rememberedDevice == null) != (rememberedUntil == null)) {
      throw new IllegalArgumentException("a remembered device needs its expiry, and only it");
    }
  }

  /** {@return the new session's tokens} */
  public TokenPair tokens() {
    return signedIn.tokens();
  }

  @Override
  public String toString() {
    return "SecondFactorLogin[" + signedIn + ", rememberedUntil=" + rememberedUntil + "]";
  }
}
