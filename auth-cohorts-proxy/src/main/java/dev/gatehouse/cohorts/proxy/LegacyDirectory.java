package dev.gatehouse.cohorts.proxy;

import dev.gatehouse.cohorts.CohortMember;
import java.util.Optional;
import java.util.UUID;

/**
 * The host's look-up of legacy accounts, which {@link CohortForwarding} asks who a request is of:
 * by the identifier a sign-in names, by a legacy token whose signature the host verified, and by
 * the Gatehouse account a verified Gatehouse token names (the account a legacy user became, e.g.
 * through the importer's mapping), and by a link the legacy system mailed once the host verified
 * it. Called on the request's thread for every request the filter decides, so it must be
 * thread-safe and quick (an indexed read); it must take the same time for an identifier it does not
 * know as for one it does, as far as the host can make it.
 */
public interface LegacyDirectory {
  /**
   * The legacy account a sign-in names.
   *
   * @param identifier the identifier as the client sent it (an email, a username, a phone)
   * @return the account, or empty when the legacy system has none
   */
  Optional<CohortMember> byIdentifier(String identifier);

  /**
   * The legacy account of a legacy token, once the host verified it as the legacy system would: its
   * signature under the legacy system's key (simplejwt's {@code SIGNING_KEY}, Django's {@code
   * SECRET_KEY} by default), for an access or a refresh token the legacy system issued, or one
   * Gatehouse issued in its format ({@code gatehouse.legacy.simplejwt.issue-refresh-tokens}, signed
   * with the same key). A token whose signature does not verify, or that is no legacy token, has no
   * owner here: return empty, and the request goes where a request without a token goes. Never read
   * a token's claims without verifying it: the routing would then be the caller's choice.
   *
   * <pre>{@code
   * public Optional<CohortMember> byLegacyToken(String token) {
   *   try {
   *     SignedJWT jwt = SignedJWT.parse(token);
   *     return jwt.verify(new MACVerifier(signingKey))
   *         ? Optional.ofNullable(jwt.getJWTClaimsSet().getClaim("user_id"))
   *             .flatMap(id -> byLegacyId(String.valueOf(id)))
   *         : Optional.empty();
   *   } catch (ParseException | JOSEException e) {
   *     return Optional.empty();
   *   }
   * }
   * }</pre>
   *
   * @param token the token as presented (a bearer, or a refresh route's refresh token)
   * @return the account, or empty when the token is not verified as one of the legacy system's
   */
  Optional<CohortMember> byLegacyToken(String token);

  /**
   * The legacy account of a link the legacy system mailed (a password reset's, a registration's
   * confirmation), once the host verified it as the legacy system would, without using it up: for
   * Django, {@code uid} is the account's key in URL-safe base64 and {@code token} a {@code
   * PasswordResetTokenGenerator} token (or the generator the legacy system confirms registrations
   * with), an HMAC under {@code SECRET_KEY} of the account's key, password hash, last sign-in,
   * email and the token's time. The link's second request names no one else, so this is what sends
   * it to the system that issued it. A link that does not verify is no one's: return empty, and
   * Gatehouse answers it (it takes its own links and refuses the rest). Never trust the uid without
   * the token: the routing would then be the caller's choice.
   *
   * @param route the route the link was presented on, under the base path (e.g. {@code
   *     password-reset/confirm/})
   * @param uid the link's {@code uid} as presented
   * @param token the link's {@code token} as presented
   * @return the account, or empty when the link is not verified as one the legacy system issued
   */
  Optional<CohortMember> byLegacyLink(String route, String uid, String token);

  /**
   * The legacy account of a legacy id (what a verified legacy token names).
   *
   * @param legacyId the legacy id
   * @return the account, or empty when the legacy system has none
   */
  Optional<CohortMember> byLegacyId(String legacyId);

  /**
   * The legacy account a Gatehouse account was, for a Gatehouse token.
   *
   * @param account the Gatehouse account's public id (the token's subject)
   * @return the legacy account, or empty for an account that was never a legacy one
   */
  Optional<CohortMember> byAccount(UUID account);
}
