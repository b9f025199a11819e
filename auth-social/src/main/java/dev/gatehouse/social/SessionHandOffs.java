package dev.gatehouse.social;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ModuleSessions;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.SessionStore.SessionState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Sessions handed to a single-page application after a browser sign-in: a one-time code bound to
 * the application's PKCE challenge, exchanged once for the session's tokens ({@link
 * SocialService#handOff}, {@link SocialService#redeemHandOff}).
 */
final class SessionHandOffs {
  /** The action-token purpose of a session handed off to a single-page application. */
  static final String HANDOFF_PURPOSE = "session_handoff";

  /** How long a hand-off code can be exchanged: the browser's redirect, then one request. */
  static final Duration HANDOFF_TTL = Duration.ofMinutes(2);

  /** The longest code read: longer is no code this module issued. */
  private static final int MAX_CODE_LENGTH = 128;

  private final SignInContext context;
  private final ModuleSessions moduleSessions;
  private final SecretHasher secrets;

  SessionHandOffs(SignInContext context) {
    this.context = context;
    this.moduleSessions = context.capability(ModuleSessions.class);
    this.secrets = context.capability(SecretHasher.class);
  }

  /** See {@link SocialService#handOff}. */
  String handOff(TokenPair signedIn, String codeChallenge) {
    if (codeChallenge == null || !codeChallenge.matches("[A-Za-z0-9_-]{43}")) {
      throw new RejectedInputException(
          SocialErrors.INVALID_CODE_CHALLENGE,
          "code_challenge must be an S256 challenge (43 characters)");
    }
    String code = SecretHasher.newToken();
    Instant now = context.clock().instant();
    context
        .store()
        .inTransaction(
            tx -> {
              SessionState s =
                  tx.sessions()
                      .findSession(signedIn.sessionId())
                      .orElseThrow(() -> new IllegalStateException("the session just started"));
              // The code's hash covers the challenge: only the holder of the verifier finds it.
              tx.actionTokens()
                  .add(
                      s.userPublicId(),
                      HANDOFF_PURPOSE,
                      handOffHash(code, codeChallenge),
                      s.id(),
                      now.plus(HANDOFF_TTL),
                      now);
              return null;
            });
    return code;
  }

  /** See {@link SocialService#redeemHandOff}. */
  TokenPair redeem(String code, String codeVerifier) {
    RejectedInputException refused =
        new RejectedInputException(
            SocialErrors.INVALID_GRANT, "the code is invalid, used or expired");
    if (code == null
        || code.isEmpty()
        || code.length() > MAX_CODE_LENGTH
        || codeVerifier == null
        || !codeVerifier.matches("[A-Za-z0-9._~-]{43,128}")) {
      throw refused;
    }
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(sha256(codeVerifier.getBytes(StandardCharsets.US_ASCII)));
    String hash = handOffHash(code, challenge);
    Instant now = context.clock().instant();
    // A refusal after the code was consumed returns null, so that the consumption commits.
    TokenPair pair =
        context
            .store()
            .inTransaction(
                tx -> {
                  var token = tx.actionTokens().findUsable(HANDOFF_PURPOSE, hash, now);
                  if (token.isEmpty() || !tx.actionTokens().consume(HANDOFF_PURPOSE, hash, now)) {
                    throw refused;
                  }
                  return moduleSessions
                      .renewSession(tx, token.get().userId(), token.get().binding())
                      .orElse(null);
                });
    if (pair == null) {
      throw refused;
    }
    return pair;
  }

  private String handOffHash(String code, String codeChallenge) {
    return secrets.hash(HANDOFF_PURPOSE, code + ":" + codeChallenge);
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
