package dev.gatehouse.core.session.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.internal.SessionTokens.NewRefreshToken;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.SessionStore.SessionState;
import java.time.Clock;
import java.time.Instant;

/**
 * Sessions handed to a single-page application after a browser sign-in: a one-time code bound to
 * the application's PKCE challenge, exchanged once for the session's tokens ({@link
 * SessionService#handOff}, {@link SessionService#redeemHandOff}).
 */
final class SessionHandOffs {
  /** The action-token purpose of a session handed off to a single-page application. */
  static final String HANDOFF_PURPOSE = "session_handoff";

  /** How long a hand-off code can be exchanged: the browser's redirect, then one request. */
  static final java.time.Duration HANDOFF_TTL = java.time.Duration.ofMinutes(2);

  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SecretHasher secrets;
  private final SessionTokens sessionTokens;

  SessionHandOffs(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecretHasher secrets,
      SessionTokens sessionTokens) {
    this.sessionTokens = sessionTokens;
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.secrets = secrets;
  }

  /** See {@link SessionService#handOff}. */
  String handOff(TokenPair signedIn, String codeChallenge) {
    if (codeChallenge == null || !codeChallenge.matches("[A-Za-z0-9_-]{43}")) {
      throw new RejectedInputException(
          ErrorCode.INVALID_CODE_CHALLENGE,
          "code_challenge must be an S256 challenge (43 characters)");
    }
    String code = dev.gatehouse.core.secret.SecretHasher.newToken();
    Instant now = clock.instant();
    store.inTransaction(
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

  /** See {@link SessionService#redeemHandOff}. */
  TokenPair redeem(String code, String codeVerifier) {
    RejectedInputException refused =
        new RejectedInputException(ErrorCode.INVALID_GRANT, "the code is invalid, used or expired");
    if (code == null
        || code.isEmpty()
        || code.length() > SessionTokens.MAX_REFRESH_TOKEN_LENGTH
        || codeVerifier == null
        || !codeVerifier.matches("[A-Za-z0-9._~-]{43,128}")) {
      throw refused;
    }
    String challenge =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                sha256(codeVerifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    String hash = handOffHash(code, challenge);
    Instant now = clock.instant();
    // A refusal after the code was consumed returns null, so that the consumption commits.
    TokenPair pair =
        store.inTransaction(
            tx -> {
              var token = tx.actionTokens().findUsable(HANDOFF_PURPOSE, hash, now);
              if (token.isEmpty() || !tx.actionTokens().consume(HANDOFF_PURPOSE, hash, now)) {
                throw refused;
              }
              SessionState s =
                  tx.sessions()
                      .findSession(token.get().binding())
                      .filter(x -> x.liveAt(now) && x.userPublicId().equals(token.get().userId()))
                      .orElse(null);
              NewRefreshToken next =
                  s == null
                      ? null
                      : sessionTokens.newRefreshToken(s.userPublicId(), s.expiresAt(), now);
              if (s == null || !tx.sessions().replaceRefreshToken(s.id(), next.hash(), now)) {
                return null;
              }
              return sessionTokens.pair(
                  tx,
                  s.userPublicId(),
                  null,
                  null,
                  s.id(),
                  s.amr(),
                  s.profileId(),
                  s.authTime(),
                  next.token(),
                  sessionTokens.claimsHeld(tx, s));
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
      return java.security.MessageDigest.getInstance("SHA-256").digest(input);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
