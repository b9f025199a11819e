package dev.gatehouse.spring.authorizationserver;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * Who an authorization was granted by, as the provider keeps it: the user's public id, the
 * Gatehouse session the browser was signed in to and when that sign-in happened. Rebuilt from the
 * authorization's plain columns, never serialised; it holds no credential.
 */
final class ProviderPrincipal extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  private final String userId;
  private final @Nullable String sessionId;
  private final @Nullable Instant authTime;

  ProviderPrincipal(String userId, @Nullable String sessionId, @Nullable Instant authTime) {
    // The time of the sign-in as Spring Security states it, which the server puts in auth_time.
    super(
        authTime == null
            ? List.of()
            : List.of(FactorGrantedAuthority.withFactor("GATEHOUSE").issuedAt(authTime).build()));
    this.userId = userId;
    this.sessionId = sessionId;
    this.authTime = authTime;
    setAuthenticated(true);
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

  /** {@return when the user signed in to that session} */
  @Nullable Instant authTime() {
    return authTime;
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
