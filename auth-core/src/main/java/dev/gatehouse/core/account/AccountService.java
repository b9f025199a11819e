package dev.gatehouse.core.account;

import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.password.PasswordPolicy;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Accounts with a password: registration, email confirmation, login, password change and reset,
 * account update and soft delete, and the first superuser. Obtained from {@code
 * Gatehouse.accounts()}; immutable and thread-safe.
 *
 * <pre>{@code
 * AccountService accounts = gatehouse.accounts();
 * accounts.register(RegistrationRequest.builder()
 *     .email("alice@example.com").password("correct horse battery").build());
 * // the user follows the emailed link: https://app.example.com/confirm-email?token=...
 * accounts.confirmEmail(token);
 * SignInResult result = accounts.login(
 *     new LoginRequest("Alice@Example.com", "correct horse battery", ClientInfo.web(ip)));
 * }</pre>
 *
 * <p><b>Transactions and events.</b> Every flow writes in one store transaction, or in none when it
 * throws {@link RejectedInputException}; the one exception is a failed login (or a wrong current
 * password), which commits its failure count and then throws. Events are published after the
 * commit; emails are sent after the commit and logged in the host's email log.
 *
 * <p><b>No account enumeration.</b> {@link #register} for an address that already has an account,
 * {@link #resendConfirmation} and {@link #requestPasswordReset} for an unknown address, and {@link
 * #login} for an unknown identifier answer exactly as in the ordinary case, and a login or a
 * registration always computes exactly one password hash whether or not the account exists.
 *
 * <p><b>Recent authentication.</b> The destructive operations that take the caller's {@link
 * VerifiedAccessToken} ({@link #deleteAccount(VerifiedAccessToken, Reauthentication, ClientInfo)},
 * {@link #changePassword(VerifiedAccessToken, Reauthentication, String, ClientInfo)}) first check
 * that the caller's session is still alive (one read; a logged-out session's token is refused with
 * {@code invalid_token}, reason {@code SESSION_ENDED}), then that the holder is present: the
 * session signed in (its token's {@code auth_time}) within {@code
 * gatehouse.security.recent-auth-window}, or the caller gives the current password or a one-time
 * code just sent to the account's own email or phone ({@link #requestReauthenticationCode}). A
 * caller that cannot is refused with {@link ReauthenticationRequiredException} ({@code
 * reauthentication_required}), which lists the proofs the account can give.
 *
 * <p><b>Notices.</b> A password change or reset sends the account a notice (email, or SMS for an
 * account without email) after the commit, through the outbox, from the {@code password_changed}
 * template; an email or phone change notifies the old address ({@code email_changed}, {@code
 * phone_changed}).
 *
 * <p><b>Look-alikes.</b> A new email local part or username that mixes scripts the way spoofed
 * identifiers do ({@code cоnfuse-x@example.com} with a Cyrillic {@code о}) is refused with {@code
 * invalid_email} or {@code invalid_username} (UTS #39; see {@code Lookalikes}).
 *
 * <p><b>Passwords</b> are put in Unicode NFKC form ({@link PasswordPolicy#normalize}) before they
 * are checked, hashed or verified, the same way at every entry point.
 *
 * <p><b>Errors</b> are {@link RejectedInputException}s and {@link RateLimitedException}s ({@code
 * rate_limited}, {@code account_locked}, with a retry-after) carrying stable codes of {@link
 * dev.gatehouse.core.error.ErrorCode}, the one list of them, with their HTTP statuses.
 */
public interface AccountService {
  /** Action-token purpose of an account-confirmation link. */
  String PURPOSE_CONFIRMATION = "email_confirmation";

  /** Action-token purpose of a password-reset link. */
  String PURPOSE_RESET = "password_reset";

  /**
   * Creates an unverified account with its default profile and emails a confirmation link to the
   * frontend URL. The link carries a single-use token, stored only as a keyed hash, valid for
   * {@code CONFIRMATION_TTL}.
   *
   * <p>An email sign-up needs an email and a password; a phone sign-up (allowed when {@code
   * LOGIN_BY_PHONE} is on) gives a phone instead of an email, and its number is verified later with
   * a one-time code. Giving both is refused: a phone joins an email account only through a code,
   * which proves the number is the user's. A username is required when the login identifier is
   * {@code username}; an unavailable username is the one thing reported ({@code username_taken}),
   * and it is checked before the email, so the answer says nothing about the email.
   *
   * <p>When the email (or phone) already has an account, this returns normally as for a new one,
   * after hashing the password all the same. If that account's email is still unconfirmed, a fresh
   * confirmation link is sent to it (the previous one dies); otherwise nothing is sent. At most
   * {@code OTP_MAX_PER_DESTINATION} link emails go to one address per hour; further ones are
   * silently skipped.
   *
   * @param request the sign-up form
   * @throws RejectedInputException for invalid input (see the class description); nothing is
   *     written
   */
  void register(RegistrationRequest request);

  /**
   * {@link #register(RegistrationRequest)}, limited per client network ({@code
   * gatehouse.throttle.registration.per-ip-hourly}; {@code rate_limited} before any work).
   *
   * @param request the sign-up form
   * @param client the caller, or {@code null} when unknown (no per-network limit)
   */
  void register(RegistrationRequest request, @Nullable ClientInfo client);

  /**
   * Confirms an account's email with the token from the confirmation link: the email and the
   * account become verified. The token is spent; it also dies when a newer one is issued or the
   * account's email changes.
   *
   * @param token the token from the link
   * @throws RejectedInputException {@code invalid_token} when the token is malformed, unknown,
   *     used, expired or superseded
   */
  void confirmEmail(String token);

  /**
   * Confirms an account's email as {@link #confirmEmail} does, and answers whose account it was:
   * for an HTTP contract whose confirmation answers with the account (FastAPI-Users' {@code
   * /verify} answers the verified user). The token is the proof; nothing is said about an account
   * without one.
   *
   * @param token the token from the link
   * @return the confirmed account's public id
   * @throws RejectedInputException {@code invalid_token} when the token is malformed, unknown,
   *     used, expired or superseded
   */
  UUID confirmEmailReturningId(String token);

  /**
   * Sends a fresh confirmation link (the previous one dies) if the address belongs to an account
   * whose email is not yet confirmed. Answers the same whatever the address: unknown, confirmed,
   * deleted or over its hourly email limit, and in the same time: the request only records itself
   * (one outbox entry, in the caller's transaction when Gatehouse joined one); a delivery worker
   * looks the address up after the answer.
   *
   * @param email the address
   * @throws RejectedInputException {@code invalid_email} when the address is malformed
   */
  void resendConfirmation(String email);

  /**
   * {@link #resendConfirmation(String)}, limited per client network together with reset requests
   * ({@code gatehouse.throttle.account-mail.per-ip-hourly}; {@code rate_limited} for any address).
   *
   * @param email the address
   * @param client the caller, or {@code null} when unknown (no per-network limit)
   */
  void resendConfirmation(String email, @Nullable ClientInfo client);

  /**
   * Logs a user in with an identifier and a password and starts a session.
   *
   * <p>Which identifiers are accepted follows {@code LOGIN_IDENTIFIER} (email, username or both)
   * and {@code LOGIN_BY_PHONE}; identifiers are normalised first, so case and Unicode variants name
   * the same account. An unknown identifier, a wrong password, an account with no usable password,
   * an inactive and a soft-deleted account all fail the same way ({@code invalid_credentials}), are
   * counted the same way and cost exactly one password hash. An unverified account with the right
   * password is refused with {@code account_not_verified} when {@code REQUIRE_VERIFIED} is on.
   *
   * <p>Failures are counted in the database per account (every identifier of an account, and every
   * spelling of an unknown identifier, shares one bucket) and per client IP. After {@code
   * LOGIN_DELAY_AFTER} failures each attempt must wait a doubling delay, and after {@code
   * LOGIN_MAX_FAILURES} the account is locked for {@code LOCKOUT_DURATION}; a refused attempt is
   * not counted and hashes nothing. A success clears its own account's count only. Malformed input
   * is refused with its own code and counts as a failure.
   *
   * <p>A password stored in a legacy format or with weaker parameters is re-hashed with the current
   * default in the login's transaction, only if the stored hash is still the one verified
   * (compare-and-swap); if it changed meanwhile, the login fails and the new password stays.
   *
   * <p><b>Accounts known elsewhere.</b> With a module's {@link
   * dev.gatehouse.core.session.ExternalAccounts} registered ({@code auth-legacy}'s lazy migration),
   * an identifier that no account has is asked of it, after the attempt was counted. If it knows
   * the user and the password matches (against its hash, or as it confirmed), the account is
   * created as a registration creates it, with the password re-hashed in the current format, in the
   * transaction that starts the session. A wrong password, an inactive user or a user it does not
   * know fail as above and create nothing; the hash count stays exactly one.
   *
   * @param request identifier, password and client
   * @return signed in, or, when the password was right and the account has a second factor (or must
   *     enrol one), the second step: no session yet; complete it with {@code
   *     SecondFactorService#completeLogin} ({@code auth-mfa})
   * @throws RejectedInputException {@code invalid_credentials}, {@code account_not_verified} or a
   *     format code
   * @throws RateLimitedException {@code rate_limited} or {@code account_locked}
   */
  SignInResult login(LoginRequest request);

  /**
   * Sends a fresh one-time code ({@code reauthenticate} template) to the signed-in account's own
   * contact: its verified email, else its verified phone, else whichever it has. The code proves
   * the holder is present ({@link Reauthentication#code}); it is the proof of an account without a
   * password. A newer code replaces the older one; at most {@code
   * gatehouse.throttle.otp.per-destination-hourly} codes per account and hour (shared with email
   * and phone changes); {@code gatehouse.otp.max-attempts} wrong codes burn the pending one.
   *
   * @param caller the caller's verified access token
   * @return what to tell the client (the masked destination)
   * @throws dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException {@code
   *     invalid_token} ({@code SESSION_ENDED}) when the caller's session is over
   * @throws RejectedInputException {@code account_not_found}; {@code no_contact} when the account
   *     has neither email nor phone
   * @throws RateLimitedException {@code rate_limited}
   */
  CodeSent requestReauthenticationCode(VerifiedAccessToken caller);

  /**
   * Changes a password, given the current one. Every session of the user (including the caller's)
   * is revoked and every reset link dies, in the same transaction. A wrong current password counts
   * as a failed login on the account and is throttled the same way.
   *
   * @param userPublicId the signed-in user
   * @param currentPassword the current password
   * @param newPassword the new password, checked against the policy
   * @throws RejectedInputException {@code invalid_credentials} for a wrong current password (or an
   *     account that has none), a policy code for a refused new one, {@code account_not_found}
   * @throws RateLimitedException while the account is in a delay or lock
   */
  void changePassword(UUID userPublicId, String currentPassword, String newPassword);

  /**
   * Sets a new password for the signed-in caller, after {@linkplain AccountService recent
   * authentication}: a recent sign-in, the current password, or a fresh code (which also lets an
   * account that signs in by code only set its first password). Every session of the user
   * (including the caller's) is revoked, every reset link dies, and the account is sent a {@code
   * password_changed} notice, in one transaction; {@code PasswordChanged} with the caller's origin
   * follows the commit. A wrong password counts as a failed login and is throttled the same way.
   *
   * @param caller the caller's verified access token
   * @param proof how the caller proves presence
   * @param newPassword the new password, checked against the policy
   * @param client who is calling (for the event), or {@code null}
   * @throws dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException {@code
   *     invalid_token} ({@code SESSION_ENDED}) when the caller's session is over
   * @throws ReauthenticationRequiredException {@code reauthentication_required} when the sign-in is
   *     not recent or the proof does not fit the account
   * @throws RejectedInputException {@code invalid_credentials} for a wrong password; {@code
   *     invalid_code}, {@code otp_expired}, {@code otp_used} for a bad code; a policy code for a
   *     refused new password; {@code account_not_found}
   * @throws RateLimitedException while the account is in a delay or lock, or {@code code_burned}
   */
  void changePassword(
      VerifiedAccessToken caller,
      Reauthentication proof,
      String newPassword,
      @Nullable ClientInfo client);

  /**
   * Emails a password-reset link if the address belongs to a live account; a newer link kills the
   * older ones. Answers the same whatever the address: unknown, deleted, disabled or over its
   * hourly email limit. With a module's {@link dev.gatehouse.core.session.ExternalAccounts}
   * registered, an address no account has but that module knows (active) is moved in first, keeping
   * its hash, and then gets its link like any account. The request only records itself (one outbox
   * entry, in the caller's transaction when Gatehouse joined one), so it takes the same time for
   * any address; the lookup, the migration and the link happen on a delivery worker after the
   * answer.
   *
   * @param email the address
   * @throws RejectedInputException {@code invalid_email} when the address is malformed
   */
  void requestPasswordReset(String email);

  /**
   * {@link #requestPasswordReset(String)}, limited per client network together with resends ({@code
   * gatehouse.throttle.account-mail.per-ip-hourly}; {@code rate_limited} for any address).
   *
   * @param email the address
   * @param client the caller, or {@code null} when unknown (no per-network limit)
   */
  void requestPasswordReset(String email, @Nullable ClientInfo client);

  /**
   * Sets a new password with the token from a reset link. The token is single-use, expires after
   * {@code RESET_TTL}, and dies when a newer one is issued or when the password changes by any path
   * (it is bound to the password hash it was issued for). Every session of the user is revoked, the
   * account's failed-login count is cleared, and, since the link reached the mailbox, the email
   * counts as verified.
   *
   * @param token the token from the link
   * @param newPassword the new password, checked against the policy
   * @throws RejectedInputException {@code invalid_token}, or a policy code (the token then stays
   *     usable, so the user can try another password)
   */
  void confirmPasswordReset(String token, String newPassword);

  /**
   * The account's current state.
   *
   * @param userPublicId the user
   * @return the account, unless it does not exist or is deleted
   */
  Optional<UserView> find(UUID userPublicId);

  /**
   * The account that uses an email address. An account-existence oracle: for a host's support
   * tools, and for the HTTP contracts whose peers reveal accounts, where it is an opt-in switch
   * (never the default on a public route).
   *
   * @param email the address as typed
   * @return the account, unless none (or a deleted one) uses the address or it is not an address
   */
  Optional<UserView> findByEmail(String email);

  /**
   * The account that uses a phone number; the same caution as {@link #findByEmail}.
   *
   * @param phone the number as typed
   * @return the account, unless none (or a deleted one) uses the number or it is not a number
   */
  Optional<UserView> findByPhone(String phone);

  /**
   * Changes an account's own settings: language, time zone, username.
   *
   * @param userPublicId the signed-in user
   * @param update what to change; {@code null} fields stay as they are
   * @return the account after the change
   * @throws RejectedInputException {@code invalid_language}, {@code invalid_time_zone}, {@code
   *     invalid_username}, {@code username_taken}, {@code account_not_found}
   */
  UserView updateAccount(UUID userPublicId, AccountUpdate update);

  /**
   * Soft-deletes an account with its password: it can no longer log in or receive links, every
   * session is revoked and every link dies, in one transaction; {@code AccountDeleted} follows the
   * commit. Its identifiers stay taken (a new registration with the same email answers as for any
   * existing account and sends nothing). Prefer {@link #deleteAccount(VerifiedAccessToken,
   * Reauthentication, ClientInfo)}, which also checks that the caller's session is alive.
   *
   * @param userPublicId the signed-in user
   * @param password the current password
   * @throws ReauthenticationRequiredException for an account that signs in by code only: nothing
   *     here proves its holder is present, so it is deleted through the token form with a code
   * @throws RejectedInputException {@code password_required}, {@code invalid_credentials}, {@code
   *     account_not_found}
   * @throws RateLimitedException while the account is in a delay or lock
   */
  void deleteAccount(UUID userPublicId, String password);

  /**
   * Soft-deletes the signed-in caller's account, after {@linkplain AccountService recent
   * authentication}: a recent sign-in, the current password, or a fresh code from {@link
   * #requestReauthenticationCode} (the proof of an account without a password). Then as {@link
   * #deleteAccount(UUID, String)}; {@code AccountDeleted} with the caller's origin follows the
   * commit.
   *
   * @param caller the caller's verified access token
   * @param proof how the caller proves presence
   * @param client who is calling (for the event), or {@code null}
   * @throws dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException {@code
   *     invalid_token} ({@code SESSION_ENDED}) when the caller's session is over
   * @throws ReauthenticationRequiredException {@code reauthentication_required} when the sign-in is
   *     not recent or the proof does not fit the account
   * @throws RejectedInputException {@code invalid_credentials}, {@code invalid_code}, {@code
   *     otp_expired}, {@code otp_used}, {@code account_not_found}
   * @throws RateLimitedException while the account is in a delay or lock, or {@code code_burned}
   */
  void deleteAccount(
      VerifiedAccessToken caller, Reauthentication proof, @Nullable ClientInfo client);

  /**
   * Starts changing the signed-in caller's email address, after {@linkplain AccountService recent
   * authentication}: a one-time code ({@code change_email} template) goes to the new address, to
   * prove it belongs to the caller. Nothing changes until {@link #confirmEmailChange}. The answer
   * and the message are the same whether or not another account has the new address (no
   * enumeration); a newer request replaces an older one. At most {@code
   * gatehouse.throttle.otp.per-destination-hourly} requests per account and hour.
   *
   * @param caller the caller's verified access token
   * @param proof how the caller proves presence
   * @param newEmail the new address as typed
   * @param client who is calling, or {@code null}
   * @return what to tell the client (the masked new address, validity)
   * @throws dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException {@code
   *     invalid_token} ({@code SESSION_ENDED}) when the caller's session is over
   * @throws ReauthenticationRequiredException when the sign-in is not recent and no proof is given
   * @throws RejectedInputException {@code invalid_email} (also for a local part that mixes scripts
   *     the way look-alike addresses do), {@code email_unchanged}, a proof's code
   * @throws RateLimitedException {@code rate_limited}
   */
  CodeSent requestEmailChange(
      VerifiedAccessToken caller,
      Reauthentication proof,
      String newEmail,
      @Nullable ClientInfo client);

  /**
   * Completes an email change with the code sent to the new address. The new address replaces the
   * old one and counts as verified; reset and confirmation links sent to the old one die; the old
   * address is sent an {@code email_changed} notice, after commit; {@code EmailChanged} follows.
   * Wrong codes are counted per account: {@code gatehouse.otp.max-attempts} of them burn the
   * pending change.
   *
   * @param caller the caller's verified access token (the same account that asked)
   * @param newEmail the new address, as in the request
   * @param code the code from the email
   * @param client who is calling, or {@code null}
   * @throws dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException {@code
   *     invalid_token} ({@code SESSION_ENDED}) when the caller's session is over
   * @throws RejectedInputException {@code invalid_code_format}, {@code invalid_code} (wrong,
   *     expired, superseded, or the email changed meanwhile), {@code email_taken} (the caller
   *     proved the address, and another account has it)
   * @throws RateLimitedException {@code code_burned}
   */
  void confirmEmailChange(
      VerifiedAccessToken caller, String newEmail, String code, @Nullable ClientInfo client);

  /**
   * Starts changing (or adding) the signed-in caller's phone number, after {@linkplain
   * AccountService recent authentication}: a one-time code ({@code change_phone} template) goes by
   * SMS to the new number. As {@link #requestEmailChange}, for phones.
   *
   * @param caller the caller's verified access token
   * @param proof how the caller proves presence
   * @param newPhone the new number as typed
   * @param client who is calling, or {@code null}
   * @return what to tell the client (the masked new number, validity)
   * @throws dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException {@code
   *     invalid_token} ({@code SESSION_ENDED}) when the caller's session is over
   * @throws ReauthenticationRequiredException when the sign-in is not recent and no proof is given
   * @throws RejectedInputException {@code invalid_phone}, {@code phone_country_not_allowed}, {@code
   *     phone_unchanged}, a proof's code
   * @throws RateLimitedException {@code rate_limited}
   */
  CodeSent requestPhoneChange(
      VerifiedAccessToken caller,
      Reauthentication proof,
      String newPhone,
      @Nullable ClientInfo client);

  /**
   * Completes a phone change with the code sent to the new number. The new number replaces the old
   * one and counts as verified; the old number is sent a {@code phone_changed} SMS notice (or, for
   * an account that had none, its email), after commit; {@code PhoneChanged} follows.
   *
   * @param caller the caller's verified access token (the same account that asked)
   * @param newPhone the new number, as in the request
   * @param code the code from the SMS
   * @param client who is calling, or {@code null}
   * @throws dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException {@code
   *     invalid_token} ({@code SESSION_ENDED}) when the caller's session is over
   * @throws RejectedInputException {@code invalid_code_format}, {@code invalid_code}, {@code
   *     phone_taken} (the caller proved the number, and another account has it)
   * @throws RateLimitedException {@code code_burned}
   */
  void confirmPhoneChange(
      VerifiedAccessToken caller, String newPhone, String code, @Nullable ClientInfo client);

  /**
   * Creates the first superuser (verified, staff) with the bootstrap token from {@code
   * ADMIN_BOOTSTRAP_TOKEN}. Works only while no live superuser exists; concurrent calls are
   * serialised in the database, so at most one succeeds. The token is compared in constant time;
   * when the setting is unset the operation is disabled.
   *
   * @param bootstrapToken the token the caller presents
   * @param email the superuser's email
   * @param password the superuser's password, checked against the policy
   * @return the new superuser's public id
   * @throws RejectedInputException {@code bootstrap_disabled}, {@code invalid_bootstrap_token},
   *     {@code superuser_exists}, {@code email_taken}, or an email or policy code
   */
  UUID createSuperuser(String bootstrapToken, String email, String password);

  /**
   * Creates a staff account (verified, staff, not a superuser) on behalf of a signed-in superuser,
   * as jb-drf-auth's {@code admin/create-staff/}. The caller's token must be live (check it with
   * {@code SessionService.verifyLiveAccessToken}); the caller's superuser flag is read again in the
   * creating transaction.
   *
   * @param caller the signed-in superuser
   * @param email the staff member's email
   * @param password the staff member's password, checked against the policy
   * @return the new account's public id
   * @throws RejectedInputException {@code forbidden} when the caller is not an active superuser,
   *     {@code email_taken}, or an email or policy code; nothing is created
   */
  UUID createStaff(VerifiedAccessToken caller, String email, String password);

  /**
   * What to tell a client after an account flow sent it a one-time code (reauthentication, an email
   * or phone change): where it went, masked, and how long it works. Carries no code.
   *
   * @param maskedDestination the destination as it may be shown, e.g. {@code a***@example.com}
   * @param channel {@code email} or {@code sms}
   * @param validFor how long the code works
   */
  public record CodeSent(String maskedDestination, String channel, Duration validFor) {}

  /**
   * Changes to an account's own settings for {@link AccountService#updateAccount}. A {@code null}
   * field is left unchanged; an empty string clears {@code language} or {@code timeZone}. Email and
   * phone are not changed here: they need proof of ownership (a confirmation link or a code).
   *
   * @param language a BCP 47 tag (at most 16 characters), {@code ""} to clear, or {@code null}
   * @param timeZone an IANA zone id (at most 64 characters), {@code ""} to clear, or {@code null}
   * @param username a new username, or {@code null}
   */
  public record AccountUpdate(
      @Nullable String language, @Nullable String timeZone, @Nullable String username) {

    /** {@return an update that changes nothing} */
    public static AccountUpdate none() {
      return new AccountUpdate(null, null, null);
    }

    /**
     * @param language the new language tag
     * @return a copy with the language set
     */
    public AccountUpdate withLanguage(String language) {
      return new AccountUpdate(language, timeZone, username);
    }

    /**
     * @param timeZone the new zone id
     * @return a copy with the time zone set
     */
    public AccountUpdate withTimeZone(String timeZone) {
      return new AccountUpdate(language, timeZone, username);
    }

    /**
     * @param username the new username
     * @return a copy with the username set
     */
    public AccountUpdate withUsername(String username) {
      return new AccountUpdate(language, timeZone, username);
    }
  }

  /**
   * A password login as {@link AccountService#login} receives it. Immutable; {@link #toString()}
   * never shows the identifier or the password.
   *
   * @param identifier an email, username or phone as typed (which kinds are accepted is configured)
   * @param password the password as typed
   * @param client who is calling (its IP feeds the per-IP limit); {@code null} means {@link
   *     ClientInfo#web()}
   */
  public record LoginRequest(String identifier, String password, @Nullable ClientInfo client) {

    /**
     * @param identifier the identifier as typed
     * @param password the password as typed
     * @return a request from a web client with no IP
     */
    public static LoginRequest of(String identifier, String password) {
      return new LoginRequest(identifier, password, ClientInfo.web());
    }

    @Override
    public String toString() {
      return "LoginRequest[client=" + (client == null ? null : client.client()) + "]";
    }
  }
}
