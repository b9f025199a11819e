package dev.gatehouse.core.session.internal;

import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.SessionStore.SessionState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The text of a refresh token whose session holds it ({@code
 * SessionStore#createSessionHoldingToken}): {@code <session id>.<generation>.<secret>.<mac>}.
 *
 * <p>The secret is 256 random bits, new at every generation; the session row keeps only its keyed
 * hash, so the database alone yields no usable token. The MAC, made under the server key over the
 * other three parts, lets a refresh tell a token this library issued from a made-up one without a
 * read: a forged token is refused before the database, and an earlier generation presented again is
 * known to be a real token of that session, so its reuse can end the session (a made-up one with a
 * known session id cannot). The session id and the generation are not secret: the id is the access
 * token's {@code sid}, and the generation counts the session's rotations.
 */
final class HeldRefreshTokens {
  /** The purpose the MAC is made under, apart from every stored hash's. */
  private static final String MAC_PURPOSE = "refresh-held-token";

  /** 128 bits of the MAC, as hex. */
  private static final int MAC_LENGTH = 32;

  /** A generation of at most nine digits: a rotation a second for thirty years. */
  private static final int MAX_GENERATION_DIGITS = 9;

  private static final int SESSION_ID_LENGTH = 36;
  private static final int SECRET_LENGTH = 43;

  private final SecretHasher secrets;

  HeldRefreshTokens(SecretHasher secrets) {
    this.secrets = secrets;
  }

  /** A presented token whose MAC checked out; its {@code toString} shows no secret. */
  record Presented(String sessionId, int generation, String secret) {
    @Override
    public String toString() {
      return "Presented[sessionId=" + sessionId + ", generation=" + generation + "]";
    }
  }

  /** {@return the token of generation {@code generation} of session {@code sessionId}} */
  String format(String sessionId, int generation, String secret) {
    String body = sessionId + '.' + generation + '.' + secret;
    return body + '.' + mac(body);
  }

  /**
   * Whether {@code token} has this form's shape (four parts): such a token is either this library's
   * or refused, never looked up as a token row.
   */
  static boolean shaped(String token) {
    int dots = 0;
    for (int i = 0; i < token.length(); i++) {
      if (token.charAt(i) == '.') {
        dots++;
      }
    }
    return dots == 3;
  }

  /** {@return the token's parts when it is well formed and its MAC is ours, else {@code null}} */
  @Nullable Presented parse(String token) {
    int first = token.indexOf('.');
    int second = token.indexOf('.', first + 1);
    int third = token.indexOf('.', second + 1);
    if (first != SESSION_ID_LENGTH
        || second < 0
        || third < 0
        || second - first - 1 < 1
        || second - first - 1 > MAX_GENERATION_DIGITS
        || third - second - 1 != SECRET_LENGTH
        || token.length() - third - 1 != MAC_LENGTH) {
      return null;
    }
    String generation = token.substring(first + 1, second);
    for (int i = 0; i < generation.length(); i++) {
      if (generation.charAt(i) < '0' || generation.charAt(i) > '9') {
        return null;
      }
    }
    String body = token.substring(0, third);
    if (!MessageDigest.isEqual(
        mac(body).getBytes(StandardCharsets.US_ASCII),
        token.substring(third + 1).getBytes(StandardCharsets.US_ASCII))) {
      return null;
    }
    return new Presented(
        token.substring(0, first),
        Integer.parseInt(generation),
        token.substring(second + 1, third));
  }

  private String mac(String body) {
    return secrets.hash(MAC_PURPOSE, body).substring(0, MAC_LENGTH);
  }

  /**
   * The session that issued a held token, if it did: its current generation with its secret, or an
   * earlier one (its MAC proves it ours), which ends the session as a token row that was rotated
   * does.
   */
  static Optional<SessionState> issuedBy(
      SessionStore store, HeldRefreshTokens.Presented held, String secretHash) {
    return store
        .findHeldSession(held.sessionId())
        .filter(
            found ->
                held.generation() < found.token().generation()
                    || (held.generation() == found.token().generation()
                        && SecretHasher.constantTimeEquals(secretHash, found.token().secretHash())))
        .map(SessionStore.HeldSession::session);
  }
}
