package dev.gatehouse.core.session;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.SessionService.TokenPair;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What every sign-in answers — password, one-time code, social, passkey, a legacy account's first
 * login, magic link, and the completion of a second step: the user is {@linkplain SignedIn signed
 * in}, a {@linkplain SecondStepRequired second step} is required first, or (social sign-in only) a
 * {@linkplain LinkRequired link} to an existing account must be proven first. A second factor is
 * one of these answers, never an exception; a refusal (wrong password, spent code, locked account)
 * is a typed {@link dev.gatehouse.core.error.AuthException}.
 *
 * <pre>{@code
 * SignInResult result = gatehouse.accounts().login(request);
 * if (result instanceof SignInResult.SignedIn in) {
 *   show(in.userId(), in.tokens());
 * } else if (result instanceof SignInResult.SecondStepRequired step) {
 *   askFor(step.methods(), step.challenge());
 * }
 * }</pre>
 */
public sealed interface SignInResult
    permits SignInResult.SignedIn, SignInResult.SecondStepRequired, SignInResult.LinkRequired {

  /**
   * {@return this result as {@link SignedIn}, for a caller that offers no second step or link}
   *
   * @throws IllegalStateException when the sign-in is not complete: its message names the step it
   *     waits for ({@code mfa_required}, {@code mfa_enrolment_required} or {@code link_required})
   */
  default SignedIn orElseThrow() {
    if (this instanceof SignedIn in) {
      return in;
    }
    String step =
        this instanceof SecondStepRequired s
            ? s.challenge().enrolmentOnly()
                ? ErrorCode.MFA_ENROLMENT_REQUIRED.code()
                : ErrorCode.MFA_REQUIRED.code()
            : ErrorCode.LINK_REQUIRED.code();
    throw new IllegalStateException("the sign-in is not complete: " + step);
  }

  /**
   * Signed in: a session started.
   *
   * @param tokens the new session's tokens; they name the user ({@link TokenPair#userId()}) and the
   *     active profile ({@link TokenPair#profileId()})
   * @param methods how the user authenticated, as the session's {@code amr} (RFC 8176) states it,
   *     e.g. {@code ["pwd"]}, {@code ["otp","sms"]}, {@code ["pwd","totp","mfa"]}
   * @param created whether this sign-in created the account (sign-up by code, social identity or
   *     magic link, or a legacy account's first login)
   * @param linked whether this sign-in linked a social identity to an existing account
   * @param recoveryCodes the account's new recovery codes, to show once, when this sign-in enrolled
   *     the account's first authenticator app; otherwise empty
   * @param account the user and their profiles as this sign-in left them (its last login is this
   *     one; its current profile is the session's), read in the sign-in's own transaction, so an
   *     answer that shows them needs no second read
   */
  record SignedIn(
      TokenPair tokens,
      List<String> methods,
      boolean created,
      boolean linked,
      List<String> recoveryCodes,
      Me account)
      implements SignInResult {
    /**
     * @param tokens the new session's tokens
     * @param methods how the user authenticated
     * @param created whether the account was created
     * @param linked whether a social identity was linked
     * @param recoveryCodes new recovery codes, or empty
     * @param account the user and profiles as the sign-in left them
     */
    public SignedIn {
      requireNonNull(tokens, "tokens");
      requireNonNull(account, "account");
      methods = List.copyOf(methods);
      recoveryCodes = List.copyOf(recoveryCodes);
    }

    /** {@return the signed-in user's public id} */
    public UUID userId() {
      return tokens.userId();
    }

    /** {@return the active profile's id, or {@code null} when the token names none} */
    public @Nullable String profileId() {
      return tokens.profileId();
    }

    @Override
    public String toString() {
      return "SignedIn[user="
          + userId()
          + ", methods="
          + methods
          + ", created="
          + created
          + ", linked="
          + linked
          + ", "
          + tokens
          + (recoveryCodes.isEmpty() ? "" : ", " + recoveryCodes.size() + " recovery codes")
          + "]";
    }
  }

  /**
   * The first factor was right, and the account needs a second step before a session starts: a
   * second factor ({@code mfa_required}: complete it with {@code SecondFactorService.completeLogin}
   * or {@code PasskeyService.completeLogin}), or, when the host's second-factor policy covers an
   * account without one after its grace period, enrolling an authenticator app ({@code
   * mfa_enrolment_required}: {@link SecondFactorChallenge#enrolmentOnly()} is true; {@code
   * SecondFactorService.beginRequiredEnrolment}, then {@code completeRequiredEnrolment}).
   *
   * @param challenge the short-lived, single-use challenge the step is completed with
   */
  record SecondStepRequired(SecondFactorChallenge challenge) implements SignInResult {
    /**
     * @param challenge the challenge
     */
    public SecondStepRequired {
      requireNonNull(challenge, "challenge");
    }

    /** {@return the factors the account can answer with (see {@link SecondFactorChallenge})} */
    public List<String> methods() {
      return challenge.methods();
    }
  }

  /**
   * A social identity whose email an existing account holds, which may not be linked automatically
   * (the provider or the account did not verify the email, or linking by email is off). The user
   * signs in to that account with a password or a code, then presents {@code linkToken} to {@code
   * SocialService.linkPending} ({@code auth-social}).
   *
   * @param provider the provider's short name
   * @param reason {@code provider_email_unverified}, {@code local_email_unverified} or {@code
   *     link_by_email_disabled}
   * @param linkToken a sealed, expiring token carrying the verified identity, usable only by the
   *     matched account
   */
  record LinkRequired(String provider, String reason, String linkToken) implements SignInResult {
    @Override
    public String toString() {
      return "LinkRequired[provider=" + provider + ", reason=" + reason + "]";
    }
  }

  /**
   * What a login answers instead of tokens when the account has a second factor: a short-lived,
   * single-use challenge that {@code SecondFactorService.completeLogin} exchanges, with one valid
   * factor, for the session. Immutable; {@link #toString()} never shows the token.
   *
   * @param token the opaque challenge (256 bits, base64url); only its keyed hash is stored
   * @param expiresAt when it stops working
   * @param methods the factors the account can answer with: {@value #METHOD_TOTP}, {@value
   *     #METHOD_WEBAUTHN}, {@value #METHOD_RECOVERY_CODE}; for an enrolment-only challenge (the
   *     account must enrol a factor first) just {@value #METHOD_TOTP_ENROLMENT}
   */
  public record SecondFactorChallenge(String token, Instant expiresAt, List<String> methods) {
    /** An authenticator app's code. */
    public static final String METHOD_TOTP =
        dev.gatehouse.core.internal.SecondFactorChallenges.TOTP;

    /** One of the account's passkeys ({@code PasskeyService.completeLogin}). */
    public static final String METHOD_WEBAUTHN =
        dev.gatehouse.core.internal.SecondFactorChallenges.WEBAUTHN;

    /** One of the account's recovery codes. */
    public static final String METHOD_RECOVERY_CODE =
        dev.gatehouse.core.internal.SecondFactorChallenges.RECOVERY_CODE;

    /**
     * Enrolling an authenticator app: the only thing an enrolment-only challenge permits ({@code
     * SecondFactorService.beginRequiredEnrolment} and {@code completeRequiredEnrolment}).
     */
    public static final String METHOD_TOTP_ENROLMENT =
        dev.gatehouse.core.internal.SecondFactorChallenges.TOTP_ENROLMENT;

    /**
     * @param token the opaque challenge
     * @param expiresAt when it stops working
     * @param methods the factors the account can answer with
     */
    public SecondFactorChallenge {
      requireNonNull(token, "token");
      requireNonNull(expiresAt, "expiresAt");
      methods = List.copyOf(methods);
    }

    /**
     * {@return whether this challenge only permits enrolling an authenticator app (the account must
     * have a second factor and has none)}
     */
    public boolean enrolmentOnly() {
      return methods.equals(List.of(METHOD_TOTP_ENROLMENT));
    }

    @Override
    public String toString() {
      return "SecondFactorChallenge[expiresAt=" + expiresAt + ", methods=" + methods + "]";
    }
  }
}
