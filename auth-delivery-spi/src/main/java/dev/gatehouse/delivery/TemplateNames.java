package dev.gatehouse.delivery;

/**
 * The names of the messages Gatehouse sends, once for every channel: an email and an SMS template
 * of the same purpose share its name, and a host overrides either under it. A one-time code's
 * purpose ({@code OtpPurpose}) is the name of its template. A feature module's templates are named
 * in its manifest ({@code ModuleTemplate}), not here.
 */
public final class TemplateNames {
  /** Signing in with a one-time code. */
  public static final String LOGIN = "login";

  /** Verifying an email address with a code. */
  public static final String VERIFY_EMAIL = "verify_email";

  /** Verifying a phone number with a code. */
  public static final String VERIFY_PHONE = "verify_phone";

  /** Resetting a password with a code. */
  public static final String RESET_PASSWORD = "reset_password";

  /** Confirming a new phone number with a code. */
  public static final String CHANGE_PHONE = "change_phone";

  /** Confirming a new email address with a code. */
  public static final String CHANGE_EMAIL = "change_email";

  /** Confirming an email address by link; the seed library's name for {@link #VERIFY_EMAIL}. */
  public static final String EMAIL_CONFIRMATION = "email_confirmation";

  /** Resetting a password by link; the seed library's name for {@link #RESET_PASSWORD}. */
  public static final String PASSWORD_RESET = "password_reset";

  /** Proving, with a fresh code, that the account holder is present before a sensitive change. */
  public static final String REAUTHENTICATE = "reauthenticate";

  /** Notice (no code) that the account's password was changed or reset. */
  public static final String PASSWORD_CHANGED = "password_changed";

  /** Notice (no code) that the account's email address was changed. */
  public static final String EMAIL_CHANGED = "email_changed";

  /** Notice (no code) that the account's phone number was changed. */
  public static final String PHONE_CHANGED = "phone_changed";

  /** Notice (no code) that the account signed in from a device it had not used before. */
  public static final String NEW_SIGN_IN = "new_sign_in";

  private TemplateNames() {}
}
