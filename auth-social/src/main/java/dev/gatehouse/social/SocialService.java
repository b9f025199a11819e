package dev.gatehouse.social;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Social sign-in: sign-up, sign-in, safe linking and unlinking of provider identities. Added by the
 * {@link SocialSignIn} module and obtained with {@code gatehouse.feature(SocialService.class)};
 * thread-safe.
 *
 * <p><b>Browser flow.</b> {@link #begin} answers the provider's authorization URL with a sealed,
 * expiring {@code state} that carries the nonce and the PKCE verifier (nothing is written); {@link
 * #complete} opens the state, spends it once (a replay is refused on every instance), lets the
 * provider exchange the code and verify the id_token, then applies the account rules. <b>Mobile
 * flow.</b> {@link #signInWithNativeToken} verifies a token a native SDK obtained; each token signs
 * in once.
 *
 * <p><b>Account rules</b> ({@link #signIn}), in one transaction:
 *
 * <ol>
 *   <li>an identity already linked signs its owner in;
 *   <li>otherwise, when an account has the identity's email, the identity is linked to it only if
 *       the provider asserts the email as verified <em>and</em> the account's email is verified
 *       (and {@code gatehouse.social.link-by-email} is on); else the answer is {@link
 *       dev.gatehouse.core.session.SignInResult.LinkRequired}, and the user proves the account with
 *       a password or a code before {@link #linkPending};
 *   <li>otherwise an account is created when {@code gatehouse.social.signup-allowed}; it carries
 *       the email only when the provider verified it.
 * </ol>
 *
 * <p>Every sign-in takes the one sign-in path of the library ({@link
 * dev.gatehouse.core.session.ModuleSignIns#signIn}) with {@code amr} {@code ["social", provider]}.
 */
public interface SocialService {
  /** {@return the ids of the registered providers} */
  List<String> providers();

  /**
   * Starts a sign-in (or a link) at a provider. Writes nothing.
   *
   * @param providerId the provider's id
   * @param redirectUri the callback address registered at the provider
   * @return the authorization URL and the state
   * @throws SocialException {@code unknown_provider}
   */
  SocialRedirect begin(String providerId, URI redirectUri);

  /**
   * Finishes a browser sign-in at the callback.
   *
   * @param providerId the provider's id (from the callback route)
   * @param state the callback's {@code state}
   * @param code the callback's {@code code}
   * @param parameters the callback's other parameters (Apple's {@code user}), or an empty map
   * @param client who is calling
   * @return a session, or "link required"
   * @throws SocialException {@code invalid_state}, {@code invalid_id_token}, {@code
   *     provider_refused} and the account rules' codes (see {@link #signIn})
   */
  SignInResult complete(
      String providerId,
      String state,
      String code,
      Map<String, String> parameters,
      ClientInfo client);

  /**
   * Finishes a browser link at the callback, for a user who is signed in and started it with {@link
   * #begin}.
   *
   * @param caller the signed-in user's verified access token
   * @param proof the caller's proof of presence, as {@link #link} needs it
   * @param providerId the provider's id
   * @param state the callback's {@code state}
   * @param code the callback's {@code code}
   * @param parameters the callback's other parameters
   * @param client who is calling
   * @return the linked identity
   * @throws SocialException as {@link #complete} and {@link #link}
   */
  SocialAccountView completeLink(
      VerifiedAccessToken caller,
      Reauthentication proof,
      String providerId,
      String state,
      String code,
      Map<String, String> parameters,
      ClientInfo client);

  /**
   * Signs in with a token a native SDK obtained (Sign in with Apple, Google Sign-In, Facebook Login
   * on a phone). Each token signs in at most once.
   *
   * @param providerId the provider's id
   * @param token the id_token (Facebook: the access token)
   * @param nonce the nonce the app bound into the token, or {@code null}
   * @param client who is calling
   * @return a session, or "link required"
   * @throws SocialException {@code invalid_id_token} (also for a token presented twice) and the
   *     account rules' codes
   */
  SignInResult signInWithNativeToken(
      String providerId, String token, @Nullable String nonce, ClientInfo client);

  /**
   * Answers what {@link #signInWithNativeToken} would do with this token, without doing it: the
   * token is verified but not spent (the app signs in with it next), and nothing is written.
   *
   * @param providerId the provider's id
   * @param token the id_token (Facebook: the access token)
   * @param nonce the nonce the app bound into the token, or {@code null}
   * @return the outcome a sign-in would have now
   * @throws SocialException {@code unknown_provider}, {@code invalid_id_token}
   * @throws ConfigurationException {@code social_not_configured}
   */
  SocialPrecheck precheck(String providerId, String token, @Nullable String nonce);

  /**
   * Links the identity of a native SDK's token to the signed-in user, as {@link #link} does.
   *
   * @param caller the signed-in user's verified access token
   * @param proof the caller's proof of presence ({@link Reauthentication#recentSignIn()} for a
   *     recent sign-in)
   * @param providerId the provider's id
   * @param token the id_token (Facebook: the access token)
   * @param nonce the nonce bound into the token, or {@code null}
   * @param client who is calling
   * @return the linked identity
   * @throws Reauthentication.ReauthenticationRequiredException when the proof does not suffice
   */
  SocialAccountView linkWithNativeToken(
      VerifiedAccessToken caller,
      Reauthentication proof,
      String providerId,
      String token,
      @Nullable String nonce,
      ClientInfo client);

  /**
   * Applies the account rules to an identity a provider verified (see the class description), in
   * one transaction; publishes {@code Registered}, {@code SocialLinked} and {@code LoggedIn}
   * (method {@code social:<provider>}) after commit.
   *
   * @param identity the verified identity
   * @param client who is calling
   * @return signed in, "link required", or (the account has a second factor) the second step, which
   *     {@code Gatehouse.secondFactors().completeLogin} completes
   * @throws SocialException {@code social_signup_disabled}, {@code account_disabled}
   * @throws ConfigurationException {@code social_not_configured}
   */
  SignInResult signIn(VerifiedIdentity identity, ClientInfo client);

  /**
   * Links a verified identity to a signed-in user. A linked identity signs the account in, so
   * linking is a change of a credential like adding a passkey: the caller's session must be alive
   * and the caller must have signed in within {@code gatehouse.security.recent-auth-window} or give
   * {@code proof}; a session in which someone acts for the user (an impersonation's {@code act}) is
   * refused whatever the proof. In the link's transaction a {@code social_linked} notice to the
   * account's own email (or phone) is put in the outbox, sent after the commit, and {@link
   * SocialLinked} is audited.
   *
   * @param caller the signed-in user's verified access token
   * @param proof the caller's proof of presence ({@link Reauthentication#recentSignIn()} for a
   *     recent sign-in)
   * @param identity the verified identity
   * @param client who is calling
   * @return the linked identity
   * @throws Reauthentication.ReauthenticationRequiredException when the proof does not suffice
   * @throws RejectedInputException {@code impersonation_refused} for an impersonation's session
   * @throws SocialException {@code social_account_taken} when it is linked to another user, {@code
   *     provider_already_linked} when the user has another identity at that provider, {@code
   *     account_disabled}
   */
  SocialAccountView link(
      VerifiedAccessToken caller,
      Reauthentication proof,
      VerifiedIdentity identity,
      ClientInfo client);

  /**
   * Links the identity of a "link required" answer, once the user proved the account (signed in
   * with a password or a code), as {@link #link} does.
   *
   * @param caller the signed-in user's verified access token
   * @param proof the caller's proof of presence ({@link Reauthentication#recentSignIn()} for a
   *     recent sign-in)
   * @param linkToken the {@link SignInResult.LinkRequired#linkToken()}
   * @param client who is calling
   * @return the linked identity
   * @throws SocialException {@code invalid_link_token} when it is altered, expired or was issued
   *     for another account; as {@link #link} otherwise
   */
  SocialAccountView linkPending(
      VerifiedAccessToken caller, Reauthentication proof, String linkToken, ClientInfo client);

  /**
   * Unlinks the caller's identity at a provider, unless it is their last way to sign in (no
   * password, no other linked identity, and no email or phone to receive a code at). Removing a
   * credential is the owner's own: never done in a session in which someone acts for the user.
   *
   * @param caller the signed-in user's verified access token
   * @param providerId the provider's id
   * @param client who is calling
   * @throws RejectedInputException {@code impersonation_refused} for an impersonation's session
   * @throws SocialException {@code social_account_not_found}, {@code last_sign_in_method}
   */
  void unlink(VerifiedAccessToken caller, String providerId, ClientInfo client);

  /**
   * @param userPublicId the user
   * @return the user's linked identities, oldest first
   */
  List<SocialAccountView> accounts(UUID userPublicId);

  /**
   * Hands a session just started in the browser (a social sign-in's callback) to the single-page
   * application that started it: answers a one-time code, valid for two minutes and bound to the
   * application's PKCE {@code code_challenge} (S256), which {@link #redeemHandOff} exchanges for
   * the session's tokens. Only the code's keyed hash is stored; the refresh token of {@code
   * signedIn} is replaced at the exchange, so the one issued here is never usable.
   *
   * @param signedIn the session's tokens, as the sign-in answered them
   * @param codeChallenge the application's S256 code challenge (43 base64url characters)
   * @return the code, to put in the redirect to the application
   * @throws RejectedInputException {@code invalid_code_challenge} when the challenge is malformed
   */
  String handOff(TokenPair signedIn, String codeChallenge);

  /**
   * Exchanges a hand-off code ({@link #handOff}) and the PKCE verifier whose S256 is its challenge
   * for the session's tokens: a new refresh token (the one issued at the sign-in is replaced) and
   * an access token. The code is bound to the challenge: without the verifier it is not found (and
   * stays usable by the application); with it, the first exchange spends it.
   *
   * @param code the one-time code from the redirect
   * @param codeVerifier the application's PKCE verifier
   * @return the session's tokens
   * @throws RejectedInputException {@code invalid_grant} for an unknown, used, expired or
   *     mismatched code, or a session that ended meanwhile; the same error whatever the cause
   */
  TokenPair redeemHandOff(String code, String codeVerifier);

  /**
   * The provider tokens kept for a user's identity (only with {@code
   * gatehouse.social.store-provider-tokens}), opened.
   *
   * @param userPublicId the user
   * @param providerId the provider's id
   * @return access and refresh token (either may be {@code null}), if the identity is linked
   */
  Optional<ProviderTokens> providerTokens(UUID userPublicId, String providerId);

  /**
   * A provider's tokens as kept for an identity.
   *
   * @param accessToken the access token, or {@code null}
   * @param refreshToken the refresh token, or {@code null}
   */
  record ProviderTokens(@Nullable String accessToken, @Nullable String refreshToken) {
    @Override
    public String toString() {
      return "ProviderTokens[redacted]";
    }
  }

  /**
   * A linked identity as its owner sees it.
   *
   * @param provider the provider's short name
   * @param email the email the provider gave, or {@code null}
   * @param emailVerified whether the provider asserted it as verified
   * @param displayName the name, or {@code null}
   * @param pictureUrl the picture URL, or {@code null}
   * @param linkedAt when it was linked
   * @param lastUsedAt when it last signed in, or {@code null}
   */
  public record SocialAccountView(
      String provider,
      @Nullable String email,
      boolean emailVerified,
      @Nullable String displayName,
      @Nullable String pictureUrl,
      Instant linkedAt,
      @Nullable Instant lastUsedAt) {
    @Override
    public String toString() {
      return "SocialAccountView[provider=" + provider + "]";
    }
  }

  /**
   * What a social sign-in with a token would do, answered without signing in, spending the token or
   * changing anything (jb-drf-auth's {@code login/social/precheck/}): an app asks it to decide
   * whether to show its terms before a sign-up. It reveals only what the token's holder may know
   * about their own identity.
   *
   * @param provider the provider's short name
   * @param email the identity's email, or {@code null}
   * @param emailVerified whether the provider verified it
   * @param socialAccountExists whether the identity is linked to an account already
   * @param linkedExistingUser whether the sign-in would link it to the account with its (verified)
   *     email
   * @param wouldCreateUser whether the sign-in would create an account
   * @param canLogin whether the sign-in would start a session (otherwise it would ask to link
   *     first, or sign-up is off)
   */
  public record SocialPrecheck(
      String provider,
      @Nullable String email,
      boolean emailVerified,
      boolean socialAccountExists,
      boolean linkedExistingUser,
      boolean wouldCreateUser,
      boolean canLogin) {

    /** {@return whether an account answers to the identity (linked, or linkable by email)} */
    public boolean userExists() {
      return socialAccountExists || linkedExistingUser;
    }

    /** {@return a description without the email} */
    @Override
    public String toString() {
      return "SocialPrecheck[provider=" + provider + ", canLogin=" + canLogin + "]";
    }
  }

  /**
   * Where to send the browser to sign in at a provider, and the {@code state} that comes back. A
   * web layer also keeps the state in a cookie of the browser and checks at the callback that the
   * two agree, so a callback cannot be planted in another browser.
   *
   * @param authorizationUri the provider's authorization URL
   * @param state the sealed, single-use state
   */
  public record SocialRedirect(URI authorizationUri, String state) {
    @Override
    public String toString() {
      return "SocialRedirect[" + authorizationUri.getHost() + "]";
    }
  }

  /**
   * A social sign-in, link or unlink was refused. Codes: {@code unknown_provider}, {@code
   * invalid_state} (unknown, altered, expired, replayed or for another provider), {@code
   * invalid_id_token} (signature, issuer, audience, expiry, nonce or another claim check failed),
   * {@code provider_refused} (the provider refused the code or token), {@code
   * social_signup_disabled}, {@code account_disabled}, {@code social_account_taken} (linked to
   * another user), {@code provider_already_linked}, {@code social_account_not_found}, {@code
   * last_sign_in_method}, {@code invalid_link_token}, {@code unsupported_flow}.
   */
  public static class SocialException extends RejectedInputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param error the code of the catalogue
     * @param message what was refused, never containing a token or personal data
     */
    public SocialException(ErrorCode error, String message) {
      super(error, message);
    }

    /**
     * @param error the code of the catalogue
     * @param message what was refused
     * @param cause the underlying failure
     */
    public SocialException(ErrorCode error, String message, Throwable cause) {
      super(error, message, cause);
    }
  }

  /**
   * A request to an identity provider was refused before it was sent ({@code provider_refused}):
   * its address is not {@code https}, resolves to a loopback, private, link-local or metadata
   * address, or (an organisation's provider) is on another origin than the issuer's. {@link
   * #setting()} names the setting that would allow it. Nothing was sent.
   */
  public static final class ProviderAddressException extends SocialException {
    private static final long serialVersionUID = 1L;

    /** The key of the setting that decides. */
    private final String setting;

    /**
     * @param message what was refused and why, naming the setting
     * @param setting the key of the setting that decides, such as {@code
     *     gatehouse.social.provider-internal-networks}
     */
    public ProviderAddressException(String message, String setting) {
      super(ErrorCode.PROVIDER_REFUSED, message);
      this.setting = requireNonNull(setting, "setting");
    }

    /** {@return the key of the setting that decides whether such an address is reached} */
    public String setting() {
      return setting;
    }
  }

  /**
   * A provider identity was linked to a user (at a first social sign-in that matched the account by
   * a verified email, or by the user while signed in). Audited with the provider as the method.
   *
   * @param at when
   * @param userId who
   * @param provider the provider's short name, such as {@code google}
   * @param origin where the request came from
   */
  record SocialLinked(Instant at, UUID userId, String provider, RequestOrigin origin)
      implements ProviderEvent {}

  /**
   * A user unlinked a provider identity. Audited with the provider as the method.
   *
   * @param at when
   * @param userId who
   * @param provider the provider's short name
   * @param origin where the request came from
   */
  record SocialUnlinked(Instant at, UUID userId, String provider, RequestOrigin origin)
      implements ProviderEvent {}
}
