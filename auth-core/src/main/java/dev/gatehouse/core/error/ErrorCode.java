package dev.gatehouse.core.error;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Every error code Gatehouse answers, once: its wire form ({@link #code()}, the constant's name in
 * lower case), its {@link Kind} and what it means. An {@link AuthException} carries one; the kind
 * alone decides the HTTP status of Gatehouse's own contract, and {@code docs/HTTP.md}'s error table
 * is generated from this enum.
 *
 * <p>Codes are stable: a client may switch on them. A new code is a new constant here, with the
 * kind that tells a client what to do about it.
 */
public enum ErrorCode {
  // Rejected input: the request, as sent, cannot succeed.
  /** The identifier or the password is wrong (one answer for both, and for a missing account). */
  INVALID_CREDENTIALS(Kind.REJECTED_INPUT, "The identifier or the password is wrong."),
  /** The identifier is missing, too long, or of a kind this application does not sign in with. */
  INVALID_IDENTIFIER(Kind.REJECTED_INPUT, "The identifier is missing or of the wrong kind."),
  /** The email address is not one Gatehouse accepts. */
  INVALID_EMAIL(Kind.REJECTED_INPUT, "The email address is not valid."),
  /** The phone number is not a valid number. */
  INVALID_PHONE(Kind.REJECTED_INPUT, "The phone number is not valid."),
  /** The phone number's country is not among the allowed ones. */
  PHONE_COUNTRY_NOT_ALLOWED(Kind.REJECTED_INPUT, "Numbers of that country are not accepted."),
  /** The username breaks the username rules. */
  INVALID_USERNAME(Kind.REJECTED_INPUT, "The username is not valid."),
  /** Registration needs a username. */
  USERNAME_REQUIRED(Kind.REJECTED_INPUT, "A username is required."),
  /** The registration names neither or both of email and phone, or a disabled way to sign up. */
  INVALID_REGISTRATION(Kind.REJECTED_INPUT, "The registration is not one this server accepts."),
  /** Registration needs the terms to be accepted. */
  TERMS_REQUIRED(Kind.REJECTED_INPUT, "The terms and conditions must be accepted."),
  /** A password is required. */
  PASSWORD_REQUIRED(Kind.REJECTED_INPUT, "A password is required."),
  /** The password is shorter than the policy allows. */
  PASSWORD_TOO_SHORT(Kind.REJECTED_INPUT, "The password is too short."),
  /** The password is longer than the policy or the hash allows. */
  PASSWORD_TOO_LONG(Kind.REJECTED_INPUT, "The password is too long."),
  /** The password is on the list of common passwords. */
  PASSWORD_TOO_COMMON(Kind.REJECTED_INPUT, "The password is too common."),
  /** The password contains the account's email, username or the application's name. */
  PASSWORD_SIMILAR_TO_ACCOUNT(Kind.REJECTED_INPUT, "The password resembles the account."),
  /** The language is not a BCP 47 tag. */
  INVALID_LANGUAGE(Kind.REJECTED_INPUT, "The language is not a BCP 47 tag."),
  /** The time zone is not an IANA zone id. */
  INVALID_TIME_ZONE(Kind.REJECTED_INPUT, "The time zone is not an IANA zone id."),
  /** A confirmation or reset link is invalid, expired or used. */
  INVALID_LINK(Kind.REJECTED_INPUT, "The link is invalid, expired or already used."),
  /**
   * A sign-in link requested from a page was opened in another browser: its code signs in there.
   */
  LINK_OTHER_BROWSER(
      Kind.REJECTED_INPUT,
      "The link was asked for in another browser; enter the emailed code there instead."),
  /** The new email is the current one. */
  EMAIL_UNCHANGED(Kind.REJECTED_INPUT, "The new email address is the current one."),
  /** The new phone is the current one. */
  PHONE_UNCHANGED(Kind.REJECTED_INPUT, "The new phone number is the current one."),
  /** The person record (names, birth date) breaks its limits. */
  INVALID_PERSON(Kind.REJECTED_INPUT, "The person record is not valid."),
  /** The code is wrong or expired. */
  INVALID_CODE(Kind.REJECTED_INPUT, "The code is wrong or expired."),
  /** The code does not have the configured length or alphabet. */
  INVALID_CODE_FORMAT(Kind.REJECTED_INPUT, "The code does not have the expected shape."),
  /** The one-time code has expired. */
  OTP_EXPIRED(Kind.REJECTED_INPUT, "The code has expired; request a new one."),
  /** The one-time code was used already. */
  OTP_USED(Kind.REJECTED_INPUT, "The code was already used."),
  /** The authenticator code was used already; wait for the next one. */
  CODE_USED(Kind.REJECTED_INPUT, "The authenticator code was already used."),
  /** The code channel is neither SMS nor email, or the destination does not fit it. */
  INVALID_CHANNEL(Kind.REJECTED_INPUT, "The channel is not valid for this destination."),
  /** The code purpose is unknown. */
  INVALID_PURPOSE(Kind.REJECTED_INPUT, "The code purpose is unknown."),
  /** A code request names neither or both of phone and email. */
  INVALID_DESTINATION(Kind.REJECTED_INPUT, "Give exactly one of phone or email."),
  /** The account has no email or phone to send a code to. */
  NO_CONTACT(Kind.REJECTED_INPUT, "The account has no address to send a code to."),
  /** The client is neither web nor mobile. */
  INVALID_CLIENT(Kind.REJECTED_INPUT, "The client must be web or mobile."),
  /** The device registration breaks its limits. */
  INVALID_DEVICE(Kind.REJECTED_INPUT, "The device is not valid."),
  /** The PKCE code challenge is not an S256 challenge. */
  INVALID_CODE_CHALLENGE(Kind.REJECTED_INPUT, "The code challenge is not an S256 challenge."),
  /** The hand-off code is invalid, used or expired, or its verifier does not match. */
  INVALID_GRANT(Kind.REJECTED_INPUT, "The code is invalid, used or expired."),
  /** The token-exchange request names another grant type. */
  UNSUPPORTED_GRANT_TYPE(Kind.REJECTED_INPUT, "The grant type is not supported."),
  /** The legacy token presented for exchange is not one Gatehouse accepts. */
  INVALID_SUBJECT_TOKEN(Kind.REJECTED_INPUT, "The subject token is invalid or expired."),
  /** The profile role is unknown. */
  INVALID_ROLE(Kind.REJECTED_INPUT, "The role is unknown."),
  /** The profile label is too long. */
  INVALID_LABEL(Kind.REJECTED_INPUT, "The label is too long."),
  /** The profile settings are not a JSON object within its limit. */
  INVALID_SETTINGS(Kind.REJECTED_INPUT, "The settings are not a JSON object within the limit."),
  /** A staff member's reason for an action is missing or too long ({@code auth-admin}). */
  INVALID_REASON(Kind.REJECTED_INPUT, "A reason of 1 to 150 characters is required."),
  /** A statistics range ends before it starts or spans more than 92 days ({@code auth-admin}). */
  INVALID_RANGE(Kind.REJECTED_INPUT, "The range must be 1 to 92 days, from before to."),
  /** The end of a disable is not in the future or more than ten years away ({@code auth-admin}). */
  INVALID_DISABLE_END(
      Kind.REJECTED_INPUT, "The end must be in the future and at most ten years away."),
  /** The picture is not an image of a supported type. */
  INVALID_PICTURE(Kind.REJECTED_INPUT, "The picture is not a supported image."),
  /** The picture is larger than allowed. */
  PICTURE_TOO_LARGE(Kind.REJECTED_INPUT, "The picture is too large."),
  /** The profile is inactive. */
  PROFILE_INACTIVE(Kind.REJECTED_INPUT, "The profile is inactive."),
  /** The default profile cannot be deleted. */
  DEFAULT_PROFILE(Kind.REJECTED_INPUT, "The default profile cannot be deleted."),
  /** An inactive profile cannot be the default, nor the default be deactivated. */
  DEFAULT_PROFILE_INACTIVE(Kind.REJECTED_INPUT, "The default profile must stay active."),
  /** The account has as many profiles as it may have. */
  TOO_MANY_PROFILES(Kind.REJECTED_INPUT, "The account has as many profiles as it may have."),
  /** A second-factor or passkey challenge is unknown, used or expired. */
  INVALID_CHALLENGE(Kind.REJECTED_INPUT, "The challenge is unknown, used or expired."),
  /** A second-factor proof gives neither or both of its alternatives. */
  INVALID_FACTOR(Kind.REJECTED_INPUT, "Give exactly one of code or recovery_code."),
  /** A re-authentication gives more than one proof. */
  INVALID_PROOF(Kind.REJECTED_INPUT, "Give at most one of password or totp_code."),
  /** The account has no authenticator app. */
  MFA_NOT_ENABLED(Kind.REJECTED_INPUT, "The account has no authenticator app."),
  /** No authenticator-app enrolment waits for confirmation. */
  TOTP_NOT_PENDING(Kind.REJECTED_INPUT, "No authenticator app enrolment is pending."),
  /** The passkey response is not a WebAuthn credential. */
  INVALID_PASSKEY_RESPONSE(Kind.REJECTED_INPUT, "The passkey response is not a credential."),
  /** The passkey is unknown to the account or failed verification. */
  PASSKEY_REJECTED(Kind.REJECTED_INPUT, "The passkey was not accepted."),
  /** The passkey's signature counter went backwards (a cloned authenticator). */
  PASSKEY_COUNTER_REGRESSED(Kind.REJECTED_INPUT, "The passkey's counter went backwards."),
  /** The authenticator's credential is of a form Gatehouse cannot store. */
  PASSKEY_UNSUPPORTED(Kind.REJECTED_INPUT, "The passkey is of an unsupported form."),
  /** The passkey name is empty or too long. */
  INVALID_NAME(Kind.REJECTED_INPUT, "The name is empty or too long."),
  /** The account has no passkey. */
  NO_PASSKEY(Kind.REJECTED_INPUT, "The account has no passkey."),
  /** No social provider is registered under that id. */
  UNKNOWN_PROVIDER(Kind.REJECTED_INPUT, "No provider is registered under that id."),
  /** The provider does not support the flow asked of it. */
  UNSUPPORTED_FLOW(Kind.REJECTED_INPUT, "The provider does not support this flow."),
  /** The social sign-in state is invalid, expired, used or from another browser. */
  INVALID_STATE(Kind.REJECTED_INPUT, "The sign-in state is invalid or expired."),
  /** The provider's identity token was refused. */
  INVALID_ID_TOKEN(Kind.REJECTED_INPUT, "The identity token was refused."),
  /** The provider did not sign the user in. */
  PROVIDER_REFUSED(Kind.REJECTED_INPUT, "The provider did not sign the user in."),
  /** The account-linking token is invalid, expired or for another account. */
  INVALID_LINK_TOKEN(Kind.REJECTED_INPUT, "The link token is invalid or expired."),
  /** The organisation has not proven that it holds the domain (auth-organizations). */
  DOMAIN_NOT_VERIFIED(Kind.REJECTED_INPUT, "The domain is not verified for this organisation."),
  /** The identity is the account's last way to sign in. */
  LAST_SIGN_IN_METHOD(Kind.REJECTED_INPUT, "This is the account's last way to sign in."),

  // Unauthenticated: only a missing or refused token.
  /** A route that needs an access token was called without one. */
  UNAUTHORIZED(Kind.UNAUTHENTICATED, "An access token is required."),
  /** The access token is invalid, expired, or its session ended. */
  INVALID_TOKEN(Kind.UNAUTHENTICATED, "The access token is invalid or expired."),
  /** The refresh token is invalid, expired, used or revoked: sign in again. */
  INVALID_REFRESH_TOKEN(Kind.UNAUTHENTICATED, "The refresh token is invalid or expired."),

  // Forbidden: the caller is known, the request is not allowed.
  /** The caller may not do this. */
  FORBIDDEN(Kind.FORBIDDEN, "The caller may not do this."),
  /** The account must be confirmed before it can sign in. */
  ACCOUNT_NOT_VERIFIED(Kind.FORBIDDEN, "The account must be confirmed first."),
  /** The account may not sign in. */
  ACCOUNT_DISABLED(Kind.FORBIDDEN, "The account may not sign in."),
  /** The operation needs a fresh sign-in. */
  REAUTHENTICATION_REQUIRED(Kind.FORBIDDEN, "This operation needs a fresh sign-in."),
  /**
   * A session in which someone acts for the account (an impersonation's {@code act}) may read and
   * do only what the host allows it; this change is the account owner's own.
   */
  IMPERSONATION_REFUSED(Kind.FORBIDDEN, "Someone acting for the account may not do this."),
  /** The sign-in needs a second factor: complete it with the challenge. */
  MFA_REQUIRED(Kind.FORBIDDEN, "A second factor is required."),
  /** The account must enrol a second factor before it signs in. */
  MFA_ENROLMENT_REQUIRED(Kind.FORBIDDEN, "A second factor must be enrolled first."),
  /** Signing up through a provider is turned off. */
  SOCIAL_SIGNUP_DISABLED(Kind.FORBIDDEN, "Signing up with a provider is turned off."),
  /**
   * The address's domain belongs to an organisation that requires its own sign-in: sign in there
   * (auth-organizations).
   */
  ORGANIZATION_SIGN_IN_REQUIRED(
      Kind.FORBIDDEN, "This address's organisation requires its own sign-in; use it."),
  /** The session's sign-in does not meet the organisation's policy (auth-organizations). */
  ORGANIZATION_POLICY(Kind.FORBIDDEN, "Sign in again as the organisation's policy requires."),
  /** Sign-in by emailed link is turned off ({@code gatehouse.magic-link.enabled}). */
  MAGIC_LINK_DISABLED(Kind.FORBIDDEN, "Sign-in by emailed link is turned off."),
  /** The superuser bootstrap is not configured. */
  BOOTSTRAP_DISABLED(Kind.FORBIDDEN, "The superuser bootstrap is disabled."),
  /** The superuser bootstrap token is wrong. */
  INVALID_BOOTSTRAP_TOKEN(Kind.FORBIDDEN, "The bootstrap token is wrong."),
  /** A superuser exists; the bootstrap is closed. */
  SUPERUSER_EXISTS(Kind.FORBIDDEN, "A superuser exists already."),

  // Not found, for this caller: another user's thing reads as one that never existed.
  /** No such account. */
  ACCOUNT_NOT_FOUND(Kind.NOT_FOUND, "No such account."),
  /** The user a token names no longer exists or may not sign in. */
  USER_NOT_FOUND(Kind.NOT_FOUND, "No such user."),
  /** No such session of this user. */
  SESSION_NOT_FOUND(Kind.NOT_FOUND, "No such session."),
  /** No such profile of this user. */
  PROFILE_NOT_FOUND(Kind.NOT_FOUND, "No such profile."),
  /** No such device of this user. */
  DEVICE_NOT_FOUND(Kind.NOT_FOUND, "No such device."),
  /** No such passkey of this user. */
  PASSKEY_NOT_FOUND(Kind.NOT_FOUND, "No such passkey."),
  /** No such remembered device of this user. */
  REMEMBERED_DEVICE_NOT_FOUND(Kind.NOT_FOUND, "No such remembered device."),
  /** No identity of that provider is linked. */
  SOCIAL_ACCOUNT_NOT_FOUND(Kind.NOT_FOUND, "No identity of that provider is linked."),
  /** No such organisation of which the caller is a member (auth-organizations). */
  ORGANIZATION_NOT_FOUND(Kind.NOT_FOUND, "No such organisation."),

  // Conflict: the request collides with what exists.
  /** An account with this email exists. */
  EMAIL_TAKEN(Kind.CONFLICT, "The email address is taken."),
  /** An account with this phone exists. */
  PHONE_TAKEN(Kind.CONFLICT, "The phone number is taken."),
  /** The username is not available. */
  USERNAME_TAKEN(Kind.CONFLICT, "The username is taken."),
  /** A row with the same unique key exists. */
  DUPLICATE(Kind.CONFLICT, "A record with the same key exists."),
  /** The social identity is linked to another account. */
  SOCIAL_ACCOUNT_TAKEN(Kind.CONFLICT, "The identity is linked to another account."),
  /** The account already has an identity at that provider. */
  PROVIDER_ALREADY_LINKED(Kind.CONFLICT, "The account has an identity at that provider."),
  /** The passkey is registered already. */
  PASSKEY_ALREADY_REGISTERED(Kind.CONFLICT, "The passkey is registered already."),
  /** An account has the provider's email: sign in to it, then link with the link token. */
  LINK_REQUIRED(Kind.CONFLICT, "An account has this email; sign in to it and link."),
  /** The account has an authenticator app already. */
  TOTP_ALREADY_ENABLED(Kind.CONFLICT, "The account has an authenticator app already."),
  /** The organisation's last owner cannot leave or stop being owner (auth-organizations). */
  LAST_OWNER(Kind.CONFLICT, "The organisation's last owner cannot leave or be demoted."),

  // Rate limited: wait (Retry-After), except a burned code.
  /** A limit is in force. */
  RATE_LIMITED(Kind.RATE_LIMITED, "Too many requests; try again later."),
  /** Too many failed sign-ins: the account is locked for a while. */
  ACCOUNT_LOCKED(Kind.RATE_LIMITED, "The account is locked for a while."),
  /** A code went to this destination moments ago. */
  OTP_COOLDOWN(Kind.RATE_LIMITED, "Wait before asking for another code."),
  /** Too many wrong codes: this code is dead, request a new one (waiting does not help). */
  CODE_BURNED(Kind.RATE_LIMITED, "Too many wrong codes; request a new one."),

  // Unavailable: something Gatehouse depends on failed; retry later.
  /** The database failed. */
  STORAGE_FAILED(Kind.UNAVAILABLE, "The database failed."),
  /** Waiting for a password hash was interrupted. */
  HASHING_INTERRUPTED(Kind.UNAVAILABLE, "Hashing was interrupted."),
  /** An access token could not be signed. */
  TOKEN_SIGNING_FAILED(Kind.UNAVAILABLE, "A token could not be signed."),
  /** A picture could not be stored. */
  PICTURE_STORE_FAILED(Kind.UNAVAILABLE, "The picture could not be stored."),
  /** The legacy user store could not be asked. */
  LEGACY_UNAVAILABLE(Kind.UNAVAILABLE, "The legacy user store could not be asked."),
  /** The legacy user table could not be written. */
  LEGACY_STORE_UNAVAILABLE(Kind.UNAVAILABLE, "The legacy user table could not be written."),
  /** The social provider could not be reached. */
  SOCIAL_PROVIDER_UNAVAILABLE(Kind.UNAVAILABLE, "The provider could not be reached."),
  /** A schema migration failed. */
  MIGRATION_FAILED(Kind.UNAVAILABLE, "A schema migration failed."),
  /** Reading the host's table metadata failed. */
  SCHEMA_CHECK_FAILED(Kind.UNAVAILABLE, "The schema check failed."),

  // Misconfigured: the server's fault; the log names the setting.
  /** A setting, mapping or wiring choice is invalid. */
  INVALID_CONFIGURATION(Kind.MISCONFIGURED, "The server is not configured for this request."),
  /** Social sign-in has no social-account entity. */
  SOCIAL_NOT_CONFIGURED(Kind.MISCONFIGURED, "Social sign-in is not configured.");

  /** What a client should make of a code; it alone decides the HTTP status. */
  public enum Kind {
    /** The request, as sent, cannot succeed: fix it. HTTP 400. */
    REJECTED_INPUT(400),
    /**
     * The access token (or, at the refresh route, the refresh token) is missing or invalid. 401.
     */
    UNAUTHENTICATED(401),
    /** The caller is known but may not do this (yet). HTTP 403. */
    FORBIDDEN(403),
    /** The thing named does not exist for this caller. HTTP 404. */
    NOT_FOUND(404),
    /** The request collides with something that exists. HTTP 409. */
    CONFLICT(409),
    /** A limit is in force. HTTP 429. */
    RATE_LIMITED(429),
    /** The server's configuration does not allow the request. HTTP 500. */
    MISCONFIGURED(500),
    /** Something Gatehouse depends on failed; retry later. HTTP 503. */
    UNAVAILABLE(503);

    private final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** {@return the HTTP status Gatehouse's own contract answers for this kind} */
    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Kind kind;
  private final String description;
  private final String code;

  ErrorCode(Kind kind, String description) {
    this.kind = requireNonNull(kind);
    this.description = requireNonNull(description);
    this.code = name().toLowerCase(Locale.ROOT);
  }

  /**
   * {@return the wire form: the constant's name in lower case, e.g. {@code invalid_credentials}}
   */
  public String code() {
    return code;
  }

  /** {@return what a client should make of it} */
  public Kind kind() {
    return kind;
  }

  /** {@return one sentence saying what it means, for documentation} */
  public String description() {
    return description;
  }

  /** {@return the wire form, as {@link #code()}} */
  @Override
  public String toString() {
    return code;
  }
}
