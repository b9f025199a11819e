package dev.gatehouse.core.token;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The verified claims of a legacy system's access token taken as a bearer during its transition
 * window ({@code SessionService#verifyLegacyBearer}), for the account its user became, in the shape
 * of one Gatehouse issued: claims {@code sub}, {@code sid}, {@code amr}, {@code iat}, {@code exp},
 * {@code jti}, {@code auth_time} when the legacy sign-in's time is known, and the profile claim
 * naming the account's default profile when it has one.
 */
public final class CarriedOverAccessToken {
  private CarriedOverAccessToken() {}

  /**
   * The claims.
   *
   * @param subject the account ({@code sub})
   * @param sessionId a stable name of the legacy sign-in ({@code sid}); no Gatehouse session has
   *     it, so a check of the session refuses it
   * @param method the legacy kind ({@code amr}), e.g. {@code simplejwt}
   * @param issuedAt when the legacy token was issued, or was verified when it does not tell
   * @param expiresAt when it stops being taken: its expiry, or the window's end when sooner
   * @param jwtId a stable id of the token ({@code jti}), never the token itself
   * @param authTime when its user signed in to the legacy system, or {@code null}
   * @param profileClaim the name of the profile claim ({@code gatehouse.token.profile-claim})
   * @param profileId the account's default profile, or {@code null}
   * @return the verified claims; its key id is {@code legacy-<method>}
   * @throws NullPointerException when an argument other than {@code authTime}, {@code profileClaim}
   *     or {@code profileId} is null
   */
  public static VerifiedAccessToken of(
      UUID subject,
      String sessionId,
      String method,
      Instant issuedAt,
      Instant expiresAt,
      String jwtId,
      @Nullable Instant authTime,
      String profileClaim,
      @Nullable String profileId) {
    requireNonNull(method, "method");
    Map<String, Object> claims = new HashMap<>();
    claims.put("sub", subject.toString());
    claims.put("sid", requireNonNull(sessionId, "sessionId"));
    claims.put("amr", List.of(method));
    claims.put("iat", issuedAt.getEpochSecond());
    claims.put("exp", expiresAt.getEpochSecond());
    claims.put("jti", requireNonNull(jwtId, "jwtId"));
    if (authTime != null) {
      claims.put("auth_time", authTime.getEpochSecond());
    }
    if (profileId != null) {
      claims.put(requireNonNull(profileClaim, "profileClaim"), profileId);
    }
    return new VerifiedAccessToken(
        subject,
        sessionId,
        List.of(method),
        profileId,
        issuedAt,
        expiresAt,
        jwtId,
        "legacy-" + method,
        authTime,
        claims);
  }
}
