package dev.gatehouse.mfa;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Second factors: an authenticator app (TOTP, RFC 6238) with single-use recovery codes, and the
 * completion of a login that answered {@code mfa_required}. Reached through {@code
 * gatehouse.feature(SecondFactorService.class)} once {@link SecondFactorModule} is installed;
 * thread-safe.
 *
 * <p>An account has no second factor until it enrols one, and logins of such accounts are
 * unchanged. The core asks for the second step whether this module is installed or not: an account
 * with a factor never signs in with one step because the module is missing. Once a TOTP is
 * confirmed, password and code logins answer a {@link SignInResult.SecondStepRequired} ({@code
 * mfa_required}) with a short-lived, single-use challenge instead of tokens; {@link #completeLogin}
 * exchanges the challenge and one valid factor for the session, whose {@code amr} then lists the
 * first factor, the second ({@code totp} or {@code recovery_code}) and {@code mfa}.
 *
 * <p>Every code attempt (enrolment, login, step-up) is counted before the code is looked at, in a
 * per-account bucket with the login limits ({@code gatehouse.throttle.login.*}), so the lock cannot
 * be raced. A TOTP code is accepted at most once: the step of the last code used is stored, and
 * only a later step passes, in one atomic statement. A recovery code is spent by one atomic
 * statement too. The seed is encrypted at rest ({@code gatehouse.mfa.encryption-keys}).
 *
 * <pre>{@code
 * SecondFactorService mfa = gatehouse.feature(SecondFactorService.class);
 * TotpEnrolment e = mfa.beginTotpEnrolment(caller, Reauthentication.recentSignIn(), client);
 * // show e.qrPng() or e.uri(), then with the app's first code:
 * RecoveryCodes codes = mfa.confirmTotpEnrolment(caller, typed, client);
 * // later, at login:
 * SignInResult result = gatehouse.accounts().login(request);
 * if (result instanceof SignInResult.SecondStepRequired step) {
 *   result = mfa.completeLogin(step.challenge().token(), SecondFactorProof.totp(typed), client);
 * }
 * }</pre>
 */
public interface SecondFactorService {
  /**
   * Starts enrolling an authenticator app for the signed-in caller after {@linkplain
   * Reauthentication recent authentication}: a new seed is stored encrypted and unconfirmed
   * (replacing an earlier unconfirmed one) and answered once, as base32, as an {@code otpauth://}
   * URI (issuer {@code gatehouse.app-name}, label the account's email, username or phone) and as a
   * QR code PNG. It guards nothing until {@link #confirmTotpEnrolment} sees its first code.
   *
   * @param caller the verified access token of the signed-in user
   * @param proof the recent-authentication proof
   * @param client who is calling
   * @return what the authenticator app needs
   * @throws ReauthenticationRequiredException when the proof does not suffice
   * @throws RejectedInputException {@code totp_already_enabled} when a confirmed TOTP exists
   *     (remove it first)
   * @throws dev.gatehouse.core.error.AuthException.ConfigurationException when the store keeps no
   *     second factors
   */
  TotpEnrolment beginTotpEnrolment(
      VerifiedAccessToken caller, Reauthentication proof, ClientInfo client);

  /**
   * Confirms the caller's pending authenticator app with its first code (±1 step): from now on it
   * guards the account's logins. Answers a new set of recovery codes, shown once, which replaces
   * any earlier set. The code is spent: it cannot be used again to log in.
   *
   * @param caller the verified access token of the signed-in user
   * @param code the app's current code
   * @param client who is calling
   * @return the recovery codes
   * @throws RejectedInputException {@code totp_not_pending} when no enrolment waits, {@code
   *     invalid_code} (counted)
   * @throws dev.gatehouse.core.error.AuthException.RateLimitedException when too many codes failed
   * @throws InvalidTokenException {@code SESSION_ENDED} when the caller's session is over
   */
  RecoveryCodes confirmTotpEnrolment(VerifiedAccessToken caller, String code, ClientInfo client);

  /**
   * Removes the caller's authenticator app (confirmed or pending) and, with it, the recovery codes,
   * after {@linkplain Reauthentication recent authentication} (which may be a TOTP code).
   *
   * @param caller the verified access token of the signed-in user
   * @param proof the recent-authentication proof
   * @param client who is calling
   * @throws ReauthenticationRequiredException when the proof does not suffice
   * @throws RejectedInputException {@code mfa_not_enabled} when there is no authenticator app
   */
  void removeTotp(VerifiedAccessToken caller, Reauthentication proof, ClientInfo client);

  /**
   * Replaces the caller's recovery codes with a new set, shown once; every earlier code stops
   * working. Needs {@linkplain Reauthentication recent authentication} and a confirmed
   * authenticator app.
   *
   * @param caller the verified access token of the signed-in user
   * @param proof the recent-authentication proof
   * @param client who is calling
   * @return the new codes
   * @throws ReauthenticationRequiredException when the proof does not suffice
   * @throws RejectedInputException {@code mfa_not_enabled}
   */
  RecoveryCodes regenerateRecoveryCodes(
      VerifiedAccessToken caller, Reauthentication proof, ClientInfo client);

  /**
   * Which second factors an account has.
   *
   * @param userPublicId the account
   * @return its factors (none for an unknown account)
   */
  SecondFactorStatus status(UUID userPublicId);

  /**
   * Completes a login that answered {@code mfa_required}: checks the challenge (unused, unexpired,
   * the newest of its user) and the second factor, then, in one transaction, spends both and starts
   * the session. A wrong code leaves the challenge usable (until it expires) and counts against the
   * account's second-factor bucket; a right one spends it, so a challenge completes at most once.
   * After a recovery code, the account's owner gets a notice (after the commit).
   *
   * @param challenge the token of the challenge the login answered
   * @param proof the second factor
   * @param client who is calling
   * @return signed in ({@code amr}: the first factor's, then {@code totp} or {@code recovery_code},
   *     then {@code mfa})
   * @throws RejectedInputException {@code invalid_challenge} (unknown, used, expired or replaced),
   *     {@code invalid_code} (counted), {@code code_used} (a TOTP code used before)
   * @throws dev.gatehouse.core.error.AuthException.RateLimitedException when too many codes failed
   */
  SignInResult.SignedIn completeLogin(String challenge, SecondFactorProof proof, ClientInfo client);

  /**
   * Completes a login that answered {@code mfa_required}, as {@link #completeLogin(String,
   * SecondFactorProof, ClientInfo)} does, and, when {@code rememberDevice} is set and {@code
   * gatehouse.mfa.remember-device} is above zero, remembers the device in the same transaction: the
   * answer then carries a device token (shown once, stored only as a keyed hash, bound to the user)
   * that lets later password or code logins of this user presenting it ({@link
   * ClientInfo#withRememberedDevice}) skip the second factor until it expires, with {@code amr}
   * {@code [first factor, "rdt"]}. Password changes and resets, removing the authenticator app,
   * re-enrolling it and {@link #forgetRememberedDevices} end it. With remembering off, the flag is
   * ignored.
   *
   * @param challenge the token of the challenge the login answered
   * @param proof the second factor
   * @param client who is calling
   * @param rememberDevice whether the client asks to be remembered
   * @return the session's tokens and, if remembered, the device token
   * @throws RejectedInputException as {@link #completeLogin(String, SecondFactorProof, ClientInfo)}
   * @throws dev.gatehouse.core.error.AuthException.RateLimitedException when too many codes failed
   */
  SecondFactorLogin completeLogin(
      String challenge, SecondFactorProof proof, ClientInfo client, boolean rememberDevice);

  /**
   * The caller's remembered devices that still stand in for the second factor, newest first.
   *
   * @param caller the verified access token of the signed-in user
   * @return the devices (never their tokens)
   * @throws InvalidTokenException {@code SESSION_ENDED} when the caller's session is over
   */
  List<RememberedDeviceView> rememberedDevices(VerifiedAccessToken caller);

  /**
   * Forgets one of the caller's remembered devices: its token no longer skips the second factor.
   *
   * @param caller the verified access token of the signed-in user
   * @param deviceId the device's {@linkplain RememberedDeviceView#id() id}
   * @param client who is calling
   * @throws dev.gatehouse.core.error.AuthException.NotFoundException {@code
   *     remembered_device_not_found} when the caller has no such live device (another user's id
   *     included)
   * @throws InvalidTokenException {@code SESSION_ENDED} when the caller's session is over
   */
  void forgetRememberedDevice(VerifiedAccessToken caller, long deviceId, ClientInfo client);

  /**
   * Forgets every remembered device of the caller.
   *
   * @param caller the verified access token of the signed-in user
   * @param client who is calling
   * @return how many were forgotten
   * @throws InvalidTokenException {@code SESSION_ENDED} when the caller's session is over
   */
  int forgetRememberedDevices(VerifiedAccessToken caller, ClientInfo client);

  /**
   * Starts the enrolment an {@code mfa_enrolment_required} login asks for: with the login's
   * enrolment-only challenge (unused, unexpired, the newest of its user) instead of a session, a
   * new seed is stored encrypted and unconfirmed (replacing an earlier unconfirmed one) and
   * answered once, as {@link #beginTotpEnrolment} does. The challenge stays usable for {@link
   * #completeRequiredEnrolment}; it permits nothing else.
   *
   * @param challenge the token of the enrolment-only challenge of the login's {@link
   *     SignInResult.SecondStepRequired}
   * @param client who is calling
   * @return what the authenticator app needs
   * @throws RejectedInputException {@code invalid_challenge} (unknown, used, expired or replaced,
   *     or the account enrolled a factor meanwhile)
   */
  TotpEnrolment beginRequiredEnrolment(String challenge, ClientInfo client);

  /**
   * Completes the enrolment an {@code mfa_enrolment_required} login asks for, and with it the
   * login: checks the enrolment-only challenge and the app's first code (±1 step, counted like
   * every code), then, in one transaction, confirms the app, makes a new set of recovery codes,
   * spends the challenge and starts the session ({@code amr}: the first factor's, {@code totp},
   * {@code mfa}). Of concurrent completions of one challenge exactly one succeeds.
   *
   * @param challenge the token of the enrolment-only challenge
   * @param code the app's current code
   * @param client who is calling
   * @return signed in, with the recovery codes to show once ({@link
   *     SignInResult.SignedIn#recoveryCodes()})
   * @throws RejectedInputException {@code invalid_challenge} (unknown, used, expired or replaced),
   *     {@code totp_not_pending} ({@link #beginRequiredEnrolment} first), {@code invalid_code}
   *     (counted)
   * @throws dev.gatehouse.core.error.AuthException.RateLimitedException when too many codes failed
   */
  SignInResult.SignedIn completeRequiredEnrolment(String challenge, String code, ClientInfo client);

  /**
   * A TOTP enrolment waiting for its first code: what the user's authenticator app needs. Shown
   * once; the seed is stored only encrypted. {@link #toString()} never shows the secret or the URI.
   *
   * @param secret the seed in base32, for typing into an app
   * @param uri the {@code otpauth://totp/...} Key URI the QR code holds
   * @param qrPng a PNG image of a QR code of {@link #uri()} (a fresh copy on each call; this module
   *     always draws one), or null
   */
  public record TotpEnrolment(String secret, String uri, byte @Nullable [] qrPng) {
    /**
     * @param secret the seed in base32
     * @param uri the Key URI
     * @param qrPng the QR image, or null
     */
    public TotpEnrolment {
      requireNonNull(secret, "secret");
      requireNonNull(uri, "uri");
      qrPng = qrPng == null ? null : qrPng.clone();
    }

    /** {@return a fresh copy of the QR code PNG, or null when no QR renderer is installed} */
    @Override
    public byte @Nullable [] qrPng() {
      return qrPng == null ? null : qrPng.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TotpEnrolment e && e.uri.equals(uri);
    }

    @Override
    public int hashCode() {
      return uri.hashCode();
    }

    @Override
    public String toString() {
      return "TotpEnrolment[secret=<secret>]";
    }
  }

  /**
   * A new set of single-use recovery codes, shown to the user once: only keyed hashes are stored,
   * and the set replaced every earlier one. {@link #toString()} never shows the codes.
   *
   * @param codes the codes, each {@code xxxxx-xxxxx} (the hyphen, spaces and case do not matter
   *     when one is typed)
   */
  public record RecoveryCodes(List<String> codes) {
    /**
     * @param codes the codes
     */
    public RecoveryCodes {
      codes = List.copyOf(codes);
    }

    @Override
    public String toString() {
      return "RecoveryCodes[" + codes.size() + " codes]";
    }
  }

  /**
   * A remembered device as its owner sees it in a list (never its token).
   *
   * @param id the device's id, for {@code SecondFactorService.forgetRememberedDevice}
   * @param label what the device is (the user agent it was remembered from), or {@code null}
   * @param createdAt when it was remembered
   * @param lastUsedAt when it last stood in for the second factor, or {@code null}
   * @param expiresAt when it stops doing so
   */
  public record RememberedDeviceView(
      long id,
      @Nullable String label,
      Instant createdAt,
      @Nullable Instant lastUsedAt,
      Instant expiresAt) {}

  /**
   * What completing a second-factor login answers: the session's tokens and, when the client asked
   * to remember the device and {@code gatehouse.mfa.remember-device} is above zero, a device token.
   * Presented at a later password or code login of the same user ({@code
   * ClientInfo.withRememberedDevice}), the token skips the second factor until {@code
   * rememberedUntil}, unless it was revoked. Only its keyed hash is stored. {@link #toString()}
   * never shows a token.
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

  /**
   * The second factor a user presents to complete a login. Immutable; {@link #toString()} never
   * shows the code.
   */
  public static final class SecondFactorProof {
    /** The kinds of second factor. */
    public enum Kind {
      /** A code from the authenticator app. */
      TOTP,
      /** One of the account's single-use recovery codes. */
      RECOVERY_CODE
    }

    private final Kind kind;
    private final String code;

    private SecondFactorProof(Kind kind, String code) {
      this.kind = kind;
      this.code = code;
    }

    /**
     * @param code the authenticator app's code as typed
     * @return the proof
     */
    public static SecondFactorProof totp(String code) {
      return new SecondFactorProof(Kind.TOTP, requireNonNull(code, "code"));
    }

    /**
     * @param code a recovery code as typed
     * @return the proof
     */
    public static SecondFactorProof recoveryCode(String code) {
      return new SecondFactorProof(Kind.RECOVERY_CODE, requireNonNull(code, "code"));
    }

    /** {@return which kind of factor this is} */
    public Kind kind() {
      return kind;
    }

    /** {@return the code as typed} */
    public String code() {
      return code;
    }

    @Override
    public String toString() {
      return "SecondFactorProof[" + kind + "]";
    }
  }

  /**
   * Which second factors an account has, for a settings page. Carries no secret.
   *
   * @param totpEnabled whether a confirmed authenticator app guards the account's logins
   * @param totpPending whether an enrolment waits for its first code
   * @param recoveryCodesLeft how many unused recovery codes the account has
   */
  public record SecondFactorStatus(
      boolean totpEnabled, boolean totpPending, int recoveryCodesLeft) {}

  /**
   * A second factor was enabled for a user (an authenticator app confirmed). Audited with the
   * method. Its removal is the core's {@code AuthEvent.SecondFactorDisabled}, which {@code
   * auth-admin} reports too.
   *
   * @param at when
   * @param userId who
   * @param method the factor, {@code totp}
   * @param origin where the request came from
   */
  record SecondFactorEnabled(Instant at, UUID userId, String method, RequestOrigin origin)
      implements AuthEvent.ModuleEvent {
    @Override
    public String auditMethod() {
      return method;
    }
  }

  /**
   * A new set of recovery codes replaced the account's earlier set.
   *
   * @param at when
   * @param userId who
   * @param origin where the request came from
   */
  record RecoveryCodesRegenerated(Instant at, UUID userId, RequestOrigin origin)
      implements AuthEvent.ModuleEvent {}

  /**
   * A recovery code was spent (the account's owner also gets a notice). Audited with the method
   * {@code recovery_code} and the detail {@code remaining <n>}.
   *
   * @param at when
   * @param userId who
   * @param remaining how many unused codes are left
   * @param origin where the request came from
   */
  record RecoveryCodeUsed(Instant at, UUID userId, int remaining, RequestOrigin origin)
      implements AuthEvent.ModuleEvent {
    @Override
    public String auditMethod() {
      return "recovery_code";
    }

    @Override
    public String auditDetail() {
      return "remaining " + remaining;
    }
  }

  /**
   * A second-factor login asked to remember its device: a device token was issued that skips the
   * second factor of the user's later logins until {@code expiresAt}. Audited with the detail
   * {@code until <expiresAt>}.
   *
   * @param at when
   * @param userId who
   * @param expiresAt when the device stops being remembered
   * @param origin where the request came from
   */
  record DeviceRemembered(Instant at, UUID userId, Instant expiresAt, RequestOrigin origin)
      implements AuthEvent.ModuleEvent {
    @Override
    public String auditDetail() {
      return "until " + expiresAt;
    }
  }
}
