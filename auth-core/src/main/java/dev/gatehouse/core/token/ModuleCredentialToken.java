package dev.gatehouse.core.token;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The verified claims of a request a module's header credential authenticated ({@code
 * SessionService#verifyModuleCredential}), in the shape of an access token Gatehouse issued to the
 * account, so every surface reads it by the one caller rule ({@link SignedInCaller}): {@code sub},
 * {@code sid} (naming the module's credential, never a Gatehouse session, so a check of the session
 * refuses it), {@code amr} (the credential's method), {@code iat} and {@code exp} (the request's
 * second: it stands for that request only), {@code jti}, the profile claim naming the account's
 * default profile when it has one, and the claims an access token of the account carries (the roles
 * claim, the host's customizer's). No {@code auth_time}: no one signed in, so it is never a recent
 * sign-in; no {@code act}: no one acts for the account.
 */
public final class ModuleCredentialToken {
  private static final Set<String> REGISTERED =
      Set.of("sub", "sid", "amr", "iat", "exp", "jti", "auth_time", "act", "nbf", "iss", "aud");

  private ModuleCredentialToken() {}

  /**
   * The claims.
   *
   * @param subject the account ({@code sub})
   * @param module the module whose credential it is
   * @param method the credential's method ({@code amr}), e.g. {@code api_key}
   * @param now the request's instant
   * @param profileClaim the name of the profile claim ({@code gatehouse.token.profile-claim})
   * @param profileId the account's default profile, or {@code null}
   * @param accountClaims the claims an access token of the account carries besides the registered
   *     ones (a registered name among them is left out)
   * @return the verified claims; its key id is {@code module-<method>}
   * @throws NullPointerException when an argument other than {@code profileId} is null
   */
  public static VerifiedAccessToken of(
      UUID subject,
      String module,
      String method,
      Instant now,
      String profileClaim,
      @Nullable String profileId,
      Map<String, Object> accountClaims) {
    requireNonNull(subject, "subject");
    requireNonNull(module, "module");
    requireNonNull(method, "method");
    requireNonNull(profileClaim, "profileClaim");
    Instant issuedAt = Instant.ofEpochSecond(now.getEpochSecond());
    Instant expiresAt = issuedAt.plusSeconds(1);
    String sessionId = "module:" + module + ":" + method;
    String jwtId = UUID.randomUUID().toString();
    Map<String, Object> claims = new HashMap<>();
    accountClaims.forEach(
        (name, value) -> {
          if (!REGISTERED.contains(name) && !name.equals(profileClaim)) {
            claims.put(name, value);
          }
        });
    claims.put("sub", subject.toString());
    claims.put("sid", sessionId);
    claims.put("amr", List.of(method));
    claims.put("iat", issuedAt.getEpochSecond());
    claims.put("exp", expiresAt.getEpochSecond());
    claims.put("jti", jwtId);
    if (profileId != null) {
      claims.put(profileClaim, profileId);
    }
    return new VerifiedAccessToken(
        subject,
        sessionId,
        List.of(method),
        profileId,
        issuedAt,
        expiresAt,
        jwtId,
        "module-" + method,
        null,
        claims);
  }
}
