package dev.gatehouse.spring.authorizationserver;

import dev.gatehouse.core.token.SignedInCaller;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * Who an authorization was granted by, as the provider keeps it: the user's public id, the
 * Gatehouse session the browser was signed in to and when that sign-in happened, when known (never
 * invented: an unknown time stays unknown, and the ID token then carries no {@code auth_time}).
 * Read from the browser's session through the one caller rule ({@link SignedInCaller}), or rebuilt
 * from the authorization's plain columns, never serialised; it holds no credential.
 */
final class ProviderPrincipal extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  /**
   * The time Spring Authorization Server's ID token generator is handed when the sign-in time is
   * unknown: it requires one whenever it writes {@code auth_time}, and {@link StandardClaims} takes
   * the claim out again for such a principal.
   */
  private static final Instant UNKNOWN = Instant.EPOCH;

  private final String userId;
  private final @Nullable String sessionId;
  private final @Nullable Instant authTime;
  private final boolean acting;

  ProviderPrincipal(String userId, @Nullable String sessionId, @Nullable Instant authTime) {
    this(userId, sessionId, authTime, false);
  }

  private ProviderPrincipal(
      String userId, @Nullable String sessionId, @Nullable Instant authTime, boolean acting) {
    // The time of the sign-in as Spring Security states it, which the server puts in auth_time.
    super(
        List.of(
            FactorGrantedAuthority.withFactor("GATEHOUSE")
                .issuedAt(authTime == null ? UNKNOWN : authTime)
                .build()));
    this.userId = userId;
    this.sessionId = sessionId;
    this.authTime = authTime;
    this.acting = acting;
    setAuthenticated(true);
  }

  /**
   * The browser's caller, as the one caller rule reads it.
   *
   * @param caller the caller of the browser's live Gatehouse session
   * @return the principal
   */
  static ProviderPrincipal of(SignedInCaller caller) {
    return new ProviderPrincipal(
        caller.user().toString(),
        caller.sessionId(),
        caller.signedInAt().orElse(null),
        caller.acting());
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return userId;
  }

  @Override
  public String getName() {
    return userId;
  }

  /** {@return the Gatehouse session the authorization was granted in} */
  @Nullable String sessionId() {
    return sessionId;
  }

  /** {@return when the user signed in to that session, or {@code null} when it is unknown} */
  @Nullable Instant authTime() {
    return authTime;
  }

  /**
   * {@return whether someone acts for the user in the browser's session (an impersonation): such a
   * principal authorizes and consents to nothing}
   */
  boolean acting() {
    return acting;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ProviderPrincipal p
        && p.userId.equals(userId)
        && java.util.Objects.equals(p.sessionId, sessionId);
  }

  @Override
  public int hashCode() {
    return userId.hashCode();
  }

  @Override
  public String toString() {
    return "ProviderPrincipal[" + userId + "]";
  }
}
