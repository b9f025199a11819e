package dev.gatehouse.core.error;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An error code: its wire form ({@link #code()}, the constant's name in lower case), its {@link
 * Kind} and what it means. An {@link AuthException} carries one; the kind alone decides the HTTP
 * status of Gatehouse's own contract. The constants here are the core's codes ({@link #core()}),
 * those every host answers; a module makes its own with {@link #of} and lists them in its manifest,
 * and {@code Gatehouse#errorCodes()} is the one catalogue of both, from which {@code
 * docs/HTTP.md}'s error table is generated.
 *
 * <p>Codes are stable: a client may switch on them. A new code of the core is a new constant here,
 * with the kind that tells a client what to do about it. Immutable and thread-safe; two codes are
 * equal when their wire forms are.
 */
public final class ErrorCode implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern WIRE = Pattern.compile("[a-z][a-z0-9_]*");
  private static final List<ErrorCode> DECLARED = new ArrayList<>();

  // Rejected input: the request, as sent, cannot succeed.
  /** The identifier or the password is wrong (one answer for both, and for a missing account). */
  public static final ErrorCode INVALID_CREDENTIALS =
      refusal(
          "invalid_credentials", Kind.REJECTED_INPUT, "The identifier or the password is wrong.");

  /** The identifier is missing, too long, or of a kind this application does not sign in with. */
  public static final ErrorCode INVALID_IDENTIFIER =
      refusal(
          "invalid_identifier",
          Kind.REJECTED_INPUT,
          "The identifier is missing or of the wrong kind.");

  /** The email address is not one Gatehouse accepts. */
  public static final ErrorCode INVALID_EMAIL =
      refusal("invalid_email", Kind.REJECTED_INPUT, "The email address is not valid.");

  /** The phone number is not a valid number. */
  public static final ErrorCode INVALID_PHONE =
      refusal("invalid_phone", Kind.REJECTED_INPUT, "The phone number is not valid.");

  /** The phone number's country is not among the allowed ones. */
  public static final ErrorCode PHONE_COUNTRY_NOT_ALLOWED =
      refusal(
          "phone_country_not_allowed",
          Kind.REJECTED_INPUT,
          "Numbers of that country are not accepted.");

  /** The username breaks the username rules. */
  public static final ErrorCode INVALID_USERNAME =
      refusal("invalid_username", Kind.REJECTED_INPUT, "The username is not valid.");

  /** Registration needs a username. */
  public static final ErrorCode USERNAME_REQUIRED =
      core("username_required", Kind.REJECTED_INPUT, "A username is required.");

  /** The registration names neither or both of email and phone, or a disabled way to sign up. */
  public static final ErrorCode INVALID_REGISTRATION =
      core(
          "invalid_registration",
          Kind.REJECTED_INPUT,
          "The registration is not one this server accepts.");

  /** Registration needs the terms to be accepted. */
  public static final ErrorCode TERMS_REQUIRED =
      core("terms_required", Kind.REJECTED_INPUT, "The terms and conditions must be accepted.");

  /** A password is required. */
  public static final ErrorCode PASSWORD_REQUIRED =
      refusal("password_required", Kind.REJECTED_INPUT, "A password is required.");

  /** The password is shorter than the policy allows. */
  public static final ErrorCode PASSWORD_TOO_SHORT =
      core("password_too_short", Kind.REJECTED_INPUT, "The password is too short.");

  /** The password is longer than the policy or the hash allows. */
  public static final ErrorCode PASSWORD_TOO_LONG =
      refusal("password_too_long", Kind.REJECTED_INPUT, "The password is too long.");

  /** The password is on the list of common passwords. */
  public static final ErrorCode PASSWORD_TOO_COMMON =
      core("password_too_common", Kind.REJECTED_INPUT, "The password is too common.");

  /** The password contains the account's email, username or the application's name. */
  public static final ErrorCode PASSWORD_SIMILAR_TO_ACCOUNT =
      core(
          "password_similar_to_account",
          Kind.REJECTED_INPUT,
          "The password resembles the account.");

  /** The language is not a BCP 47 tag. */
  public static final ErrorCode INVALID_LANGUAGE =
      core("invalid_language", Kind.REJECTED_INPUT, "The language is not a BCP 47 tag.");

  /** The time zone is not an IANA zone id. */
  public static final ErrorCode INVALID_TIME_ZONE =
      core("invalid_time_zone", Kind.REJECTED_INPUT, "The time zone is not an IANA zone id.");

  /** A confirmation or reset link is invalid, expired or used. */
  public static final ErrorCode INVALID_LINK =
      refusal("invalid_link", Kind.REJECTED_INPUT, "The link is invalid, expired or already used.");

  /** The new email is the current one. */
  public static final ErrorCode EMAIL_UNCHANGED =
      core("email_unchanged", Kind.REJECTED_INPUT, "The new email address is the current one.");

  /** The new phone is the current one. */
  public static final ErrorCode PHONE_UNCHANGED =
      core("phone_unchanged", Kind.REJECTED_INPUT, "The new phone number is the current one.");

  /** The person record (names, birth date) breaks its limits. */
  public static final ErrorCode INVALID_PERSON =
      core("invalid_person", Kind.REJECTED_INPUT, "The person record is not valid.");

  /** The code is wrong or expired. */
  public static final ErrorCode INVALID_CODE =
      refusal("invalid_code", Kind.REJECTED_INPUT, "The code is wrong or expired.");

  /** The code does not have the configured length or alphabet. */
  public static final ErrorCode INVALID_CODE_FORMAT =
      core(
          "invalid_code_format", Kind.REJECTED_INPUT, "The code does not have the expected shape.");

  /** The one-time code has expired. */
  public static final ErrorCode OTP_EXPIRED =
      refusal("otp_expired", Kind.REJECTED_INPUT, "The code has expired; request a new one.");

  /** The one-time code was used already. */
  public static final ErrorCode OTP_USED =
      refusal("otp_used", Kind.REJECTED_INPUT, "The code was already used.");

  /** The code channel is neither SMS nor email, or the destination does not fit it. */
  public static final ErrorCode INVALID_CHANNEL =
      core(
          "invalid_channel", Kind.REJECTED_INPUT, "The channel is not valid for this destination.");

  /** The code purpose is unknown. */
  public static final ErrorCode INVALID_PURPOSE =
      core("invalid_purpose", Kind.REJECTED_INPUT, "The code purpose is unknown.");

  /** A code request names neither or both of phone and email. */
  public static final ErrorCode INVALID_DESTINATION =
      core("invalid_destination", Kind.REJECTED_INPUT, "Give exactly one of phone or email.");

  /** The account has no email or phone to send a code to. */
  public static final ErrorCode NO_CONTACT =
      core("no_contact", Kind.REJECTED_INPUT, "The account has no address to send a code to.");

  /** The client is neither web nor mobile. */
  public static final ErrorCode INVALID_CLIENT =
      core("invalid_client", Kind.REJECTED_INPUT, "The client must be web or mobile.");

  /** The device registration breaks its limits. */
  public static final ErrorCode INVALID_DEVICE =
      core("invalid_device", Kind.REJECTED_INPUT, "The device is not valid.");

  /** The token-exchange request names another grant type. */
  public static final ErrorCode UNSUPPORTED_GRANT_TYPE =
      core("unsupported_grant_type", Kind.REJECTED_INPUT, "The grant type is not supported.");

  /** The legacy token presented for exchange is not one Gatehouse accepts. */
  public static final ErrorCode INVALID_SUBJECT_TOKEN =
      refusal(
          "invalid_subject_token", Kind.REJECTED_INPUT, "The subject token is invalid or expired.");

  /** The profile role is unknown. */
  public static final ErrorCode INVALID_ROLE =
      core("invalid_role", Kind.REJECTED_INPUT, "The role is unknown.");

  /** The profile label is too long. */
  public static final ErrorCode INVALID_LABEL =
      core("invalid_label", Kind.REJECTED_INPUT, "The label is too long.");

  /** The profile settings are not a JSON object within its limit. */
  public static final ErrorCode INVALID_SETTINGS =
      core(
          "invalid_settings",
          Kind.REJECTED_INPUT,
          "The settings are not a JSON object within the limit.");

  /** The profile is inactive. */
  public static final ErrorCode PROFILE_INACTIVE =
      core("profile_inactive", Kind.REJECTED_INPUT, "The profile is inactive.");

  /** The default profile cannot be deleted. */
  public static final ErrorCode DEFAULT_PROFILE =
      core("default_profile", Kind.REJECTED_INPUT, "The default profile cannot be deleted.");

  /** An inactive profile cannot be the default, nor the default be deactivated. */
  public static final ErrorCode DEFAULT_PROFILE_INACTIVE =
      core(
          "default_profile_inactive", Kind.REJECTED_INPUT, "The default profile must stay active.");

  /** The account has as many profiles as it may have. */
  public static final ErrorCode TOO_MANY_PROFILES =
      core(
          "too_many_profiles",
          Kind.REJECTED_INPUT,
          "The account has as many profiles as it may have.");

  /** A second-factor or passkey challenge is unknown, used or expired. */
  public static final ErrorCode INVALID_CHALLENGE =
      refusal(
          "invalid_challenge", Kind.REJECTED_INPUT, "The challenge is unknown, used or expired.");

  /** A re-authentication gives more than one proof. */
  public static final ErrorCode INVALID_PROOF =
      core("invalid_proof", Kind.REJECTED_INPUT, "Give at most one of password or totp_code.");

  /** The passkey name is empty or too long. */
  public static final ErrorCode INVALID_NAME =
      core("invalid_name", Kind.REJECTED_INPUT, "The name is empty or too long.");

  /** No social provider is registered under that id. */
  public static final ErrorCode UNKNOWN_PROVIDER =
      refusal("unknown_provider", Kind.REJECTED_INPUT, "No provider is registered under that id.");

  /** The social sign-in state is invalid, expired, used or from another browser. */
  public static final ErrorCode INVALID_STATE =
      refusal("invalid_state", Kind.REJECTED_INPUT, "The sign-in state is invalid or expired.");

  /** The provider's identity token was refused. */
  public static final ErrorCode INVALID_ID_TOKEN =
      refusal("invalid_id_token", Kind.REJECTED_INPUT, "The identity token was refused.");

  /** The provider did not sign the user in. */
  public static final ErrorCode PROVIDER_REFUSED =
      refusal("provider_refused", Kind.REJECTED_INPUT, "The provider did not sign the user in.");

  // Unauthenticated: only a missing or refused token.
  /** A route that needs an access token was called without one. */
  public static final ErrorCode UNAUTHORIZED =
      core("unauthorized", Kind.UNAUTHENTICATED, "An access token is required.");

  /** The access token is invalid, expired, or its session ended. */
  public static final ErrorCode INVALID_TOKEN =
      core("invalid_token", Kind.UNAUTHENTICATED, "The access token is invalid or expired.");

  /** The refresh token is invalid, expired, used or revoked: sign in again. */
  public static final ErrorCode INVALID_REFRESH_TOKEN =
      core(
          "invalid_refresh_token",
          Kind.UNAUTHENTICATED,
          "The refresh token is invalid or expired.");

  // Forbidden: the caller is known, the request is not allowed.
  /** The caller may not do this. */
  public static final ErrorCode FORBIDDEN =
      refusal("forbidden", Kind.FORBIDDEN, "The caller may not do this.");

  /** The account must be confirmed before it can sign in. */
  public static final ErrorCode ACCOUNT_NOT_VERIFIED =
      refusal("account_not_verified", Kind.FORBIDDEN, "The account must be confirmed first.");

  /** The account may not sign in. */
  public static final ErrorCode ACCOUNT_DISABLED =
      refusal("account_disabled", Kind.FORBIDDEN, "The account may not sign in.");

  /** The operation needs a fresh sign-in. */
  public static final ErrorCode REAUTHENTICATION_REQUIRED =
      core("reauthentication_required", Kind.FORBIDDEN, "This operation needs a fresh sign-in.");

  /**
   * A session in which someone acts for the account (an impersonation's {@code act}) may read and
   * do only what the host allows it; this change is the account owner's own.
   */
  public static final ErrorCode IMPERSONATION_REFUSED =
      core(
          "impersonation_refused",
          Kind.FORBIDDEN,
          "Someone acting for the account may not do this.");

  /** The sign-in needs a second factor: complete it with the challenge. */
  public static final ErrorCode MFA_REQUIRED =
      core("mfa_required", Kind.FORBIDDEN, "A second factor is required.");

  /** The account must enrol a second factor before it signs in. */
  public static final ErrorCode MFA_ENROLMENT_REQUIRED =
      core("mfa_enrolment_required", Kind.FORBIDDEN, "A second factor must be enrolled first.");

  /** The superuser bootstrap is not configured. */
  public static final ErrorCode BOOTSTRAP_DISABLED =
      refusal("bootstrap_disabled", Kind.FORBIDDEN, "The superuser bootstrap is disabled.");

  /** The superuser bootstrap token is wrong. */
  public static final ErrorCode INVALID_BOOTSTRAP_TOKEN =
      refusal("invalid_bootstrap_token", Kind.FORBIDDEN, "The bootstrap token is wrong.");

  /** A superuser exists; the bootstrap is closed. */
  public static final ErrorCode SUPERUSER_EXISTS =
      refusal("superuser_exists", Kind.FORBIDDEN, "A superuser exists already.");

  // Not found, for this caller: another user's thing reads as one that never existed.
  /** No such account. */
  public static final ErrorCode ACCOUNT_NOT_FOUND =
      core("account_not_found", Kind.NOT_FOUND, "No such account.");

  /** The user a token names no longer exists or may not sign in. */
  public static final ErrorCode USER_NOT_FOUND =
      core("user_not_found", Kind.NOT_FOUND, "No such user.");

  /** No such session of this user. */
  public static final ErrorCode SESSION_NOT_FOUND =
      core("session_not_found", Kind.NOT_FOUND, "No such session.");

  /** No such profile of this user. */
  public static final ErrorCode PROFILE_NOT_FOUND =
      core("profile_not_found", Kind.NOT_FOUND, "No such profile.");

  /** No such device of this user. */
  public static final ErrorCode DEVICE_NOT_FOUND =
      core("device_not_found", Kind.NOT_FOUND, "No such device.");

  // Conflict: the request collides with what exists.
  /** An account with this email exists. */
  public static final ErrorCode EMAIL_TAKEN =
      core("email_taken", Kind.CONFLICT, "The email address is taken.");

  /** An account with this phone exists. */
  public static final ErrorCode PHONE_TAKEN =
      core("phone_taken", Kind.CONFLICT, "The phone number is taken.");

  /** The username is not available. */
  public static final ErrorCode USERNAME_TAKEN =
      core("username_taken", Kind.CONFLICT, "The username is taken.");

  /** A row with the same unique key exists. */
  public static final ErrorCode DUPLICATE =
      core("duplicate", Kind.CONFLICT, "A record with the same key exists.");

  /** An account has the provider's email: sign in to it, then link with the link token. */
  public static final ErrorCode LINK_REQUIRED =
      core("link_required", Kind.CONFLICT, "An account has this email; sign in to it and link.");

  // Rate limited: wait (Retry-After), except a burned code.
  /** A limit is in force. */
  public static final ErrorCode RATE_LIMITED =
      refusal("rate_limited", Kind.RATE_LIMITED, "Too many requests; try again later.");

  /** Too many failed sign-ins: the account is locked for a while. */
  public static final ErrorCode ACCOUNT_LOCKED =
      core("account_locked", Kind.RATE_LIMITED, "The account is locked for a while.");

  /** A code went to this destination moments ago. */
  public static final ErrorCode OTP_COOLDOWN =
      core("otp_cooldown", Kind.RATE_LIMITED, "Wait before asking for another code.");

  /** Too many wrong codes: this code is dead, request a new one (waiting does not help). */
  public static final ErrorCode CODE_BURNED =
      refusal("code_burned", Kind.RATE_LIMITED, "Too many wrong codes; request a new one.");

  // Unavailable: something Gatehouse depends on failed; retry later.
  /** The database failed. */
  public static final ErrorCode STORAGE_FAILED =
      core("storage_failed", Kind.UNAVAILABLE, "The database failed.");

  /** Waiting for a password hash was interrupted. */
  public static final ErrorCode HASHING_INTERRUPTED =
      core("hashing_interrupted", Kind.UNAVAILABLE, "Hashing was interrupted.");

  /** An access token could not be signed. */
  public static final ErrorCode TOKEN_SIGNING_FAILED =
      core("token_signing_failed", Kind.UNAVAILABLE, "A token could not be signed.");

  /** A schema migration failed. */
  public static final ErrorCode MIGRATION_FAILED =
      core("migration_failed", Kind.UNAVAILABLE, "A schema migration failed.");

  /** Reading the host's table metadata failed. */
  public static final ErrorCode SCHEMA_CHECK_FAILED =
      core("schema_check_failed", Kind.UNAVAILABLE, "The schema check failed.");

  // Misconfigured: the server's fault; the log names the setting.
  /** A setting, mapping or wiring choice is invalid. */
  public static final ErrorCode INVALID_CONFIGURATION =
      core(
          "invalid_configuration",
          Kind.MISCONFIGURED,
          "The server is not configured for this request.");

  /** The core's codes in declaration order; after the constants, so it holds them all. */
  private static final List<ErrorCode> CORE = Collections.unmodifiableList(DECLARED);

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

  /** The wire form. */
  private final String code;

  /** What a client should make of it. */
  private final Kind kind;

  /** One sentence, for documentation. */
  private final String description;

  /** Whether the audit trail keeps a refusal with it. */
  private final boolean audited;

  private ErrorCode(String code, Kind kind, String description, boolean audited) {
    this.code = requireNonNull(code, "code");
    this.kind = requireNonNull(kind, "kind");
    this.description = requireNonNull(description, "description");
    this.audited = audited;
    if (!WIRE.matcher(code).matches()) {
      throw new IllegalArgumentException("not a wire form [a-z][a-z0-9_]*: " + code);
    }
  }

  private static ErrorCode core(String code, Kind kind, String description) {
    ErrorCode error = new ErrorCode(code, kind, description, false);
    DECLARED.add(error);
    return error;
  }

  private static ErrorCode refusal(String code, Kind kind, String description) {
    ErrorCode error = new ErrorCode(code, kind, description, true);
    DECLARED.add(error);
    return error;
  }

  /**
   * Makes a module's own code, which the module keeps as a constant of a class of its own and lists
   * in its manifest ({@code ModuleManifest.Builder#errorCodes}), so it joins the one catalogue
   * ({@code Gatehouse#errorCodes()}); the build refuses a code whose wire form the core or another
   * installed module has. A refusal with it is not kept in the audit trail: a refused proof is made
   * with {@link #auditedRefusal}.
   *
   * <pre>{@code
   * public static final ErrorCode API_KEY_EXPIRED =
   *     ErrorCode.of("api_key_expired", ErrorCode.Kind.REJECTED_INPUT, "The API key expired.");
   * }</pre>
   *
   * @param code the wire form, {@code [a-z][a-z0-9_]*}
   * @param kind what a client should make of it; it decides the HTTP status
   * @param description one sentence saying what it means, for documentation
   * @return the code
   * @throws IllegalArgumentException when the wire form is not lower-case letters, digits and
   *     underscores starting with a letter
   */
  public static ErrorCode of(String code, Kind kind, String description) {
    return new ErrorCode(code, kind, description, false);
  }

  /**
   * Makes a module's own code as {@link #of} does, for a refused proof of who someone is or of what
   * they may do (a wrong key, passkey or identity, a limit an attacker runs into): a refusal with
   * it is kept in the audit trail ({@link #audited()}).
   *
   * @param code the wire form, {@code [a-z][a-z0-9_]*}
   * @param kind what a client should make of it; it decides the HTTP status
   * @param description one sentence saying what it means, for documentation
   * @return the code
   * @throws IllegalArgumentException when the wire form is not lower-case letters, digits and
   *     underscores starting with a letter
   */
  public static ErrorCode auditedRefusal(String code, Kind kind, String description) {
    return new ErrorCode(code, kind, description, true);
  }

  /**
   * {@return the core's codes, in declaration order, unmodifiable}: what every host answers; the
   * installed modules' codes join them in {@code Gatehouse#errorCodes()}
   */
  public static List<ErrorCode> core() {
    return CORE;
  }

  /** {@return the wire form, e.g. {@code invalid_credentials}} */
  public String code() {
    return code;
  }

  /** {@return the wire form in upper case, the name of the constant that holds the code} */
  public String name() {
    return code.toUpperCase(Locale.ROOT);
  }

  /** {@return what a client should make of it} */
  public Kind kind() {
    return kind;
  }

  /** {@return one sentence saying what it means, for documentation} */
  public String description() {
    return description;
  }

  /**
   * {@return whether a refusal with this code is kept in the audit trail}: a refused proof of who
   * someone is (a wrong password, code, link, passkey, identity or token, a disabled account, a
   * limit an attacker runs into) or of what they may do. Input that could never have been right,
   * something missing or taken, a lock's refusals while it lasts (the lock is its entry), answers
   * that ask for a next step, tokens a client holds, and the server's own failures are not refusals
   * of anyone and are not kept. A sign-in's identifier or password that could never be right is
   * still a counted failed attempt, so it is kept.
   */
  public boolean audited() {
    return audited;
  }

  /** Two codes are equal when their wire forms are: a catalogue holds one code per wire form. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ErrorCode that && code.equals(that.code);
  }

  @Override
  public int hashCode() {
    return code.hashCode();
  }

  /** {@return the wire form, as {@link #code()}} */
  @Override
  public String toString() {
    return code;
  }
}
