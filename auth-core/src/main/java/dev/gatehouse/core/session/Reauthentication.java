package dev.gatehouse.core.session;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.signin.ModuleHook;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * How a signed-in caller proves, for a destructive operation, that the account holder is present
 * now and not merely someone holding a stolen or forgotten access token. Immutable; {@link
 * #toString()} never shows the secret.
 *
 * <ul>
 *   <li>{@link #recentSignIn()}: no secret; accepted while the caller's session signed in (its
 *       access token's {@code auth_time}) within {@code gatehouse.security.recent-auth-window}.
 *   <li>{@link #password(String)}: the account's current password; checked and throttled exactly as
 *       a login (a wrong one counts as a failed login).
 *   <li>{@link #totp(String)}: a code from the account's authenticator app (step-up with the second
 *       factor); checked, throttled and spent as at login by {@code auth-mfa}, through {@link
 *       Check}, and refused as not fitting the account when the module is not installed.
 *   <li>{@link #passkey(String)}: an assertion of one of the account's passkeys, answering {@code
 *       PasskeyService#beginStepUp} ({@code auth-passkeys}); checked by the module, through {@link
 *       Check}, and refused as not fitting the account when the module is not installed.
 *   <li>{@link #code(String)}: a one-time code that {@code
 *       AccountService#requestReauthenticationCode} just sent to the account's own email or phone;
 *       the proof for an account that has no password.
 * </ul>
 *
 * <pre>{@code
 * try {
 *   accounts.deleteAccount(caller, Reauthentication.recentSignIn(), client);
 * } catch (ReauthenticationRequiredException e) {
 *   // ask for e.methods(): "password" and/or "code"
 * }
 * accounts.deleteAccount(caller, Reauthentication.password(form.password()), client);
 * }</pre>
 */
public final class Reauthentication {
  /** The kinds of proof. */
  public enum Kind {
    /** The session's own sign-in, if recent enough. */
    RECENT_SIGN_IN,
    /** The current password. */
    PASSWORD,
    /** A fresh one-time code sent to the account's contact. */
    CODE,
    /** A code from the account's authenticator app (its second factor). */
    TOTP,
    /** A passkey assertion answering {@code PasskeyService#beginStepUp} ({@code auth-passkeys}). */
    PASSKEY
  }

  private static final Reauthentication RECENT = new Reauthentication(Kind.RECENT_SIGN_IN, null);

  private final Kind kind;
  private final @Nullable String secret;

  private Reauthentication(Kind kind, @Nullable String secret) {
    this.kind = kind;
    this.secret = secret;
  }

  /** {@return a proof that relies on the caller's session having signed in within the window} */
  public static Reauthentication recentSignIn() {
    return RECENT;
  }

  /**
   * A proof by the current password.
   *
   * @param password the password as typed
   * @return the proof
   */
  public static Reauthentication password(String password) {
    return new Reauthentication(Kind.PASSWORD, requireNonNull(password, "password"));
  }

  /**
   * A proof by a one-time code from {@code AccountService#requestReauthenticationCode}.
   *
   * @param code the code as typed
   * @return the proof
   */
  public static Reauthentication code(String code) {
    return new Reauthentication(Kind.CODE, requireNonNull(code, "code"));
  }

  /**
   * A proof by the authenticator app of an account with a second factor: checked and throttled as
   * at login, and spent (the same code is never accepted twice).
   *
   * @param code the app's code as typed
   * @return the proof
   */
  public static Reauthentication totp(String code) {
    return new Reauthentication(Kind.TOTP, requireNonNull(code, "code"));
  }

  /**
   * A proof by one of the account's passkeys: the browser's response (as JSON) to the options of
   * {@code PasskeyService#beginStepUp}; verified as at sign-in and spent at once.
   *
   * @param credentialJson the browser's {@code PublicKeyCredential}, as JSON
   * @return the proof
   */
  public static Reauthentication passkey(String credentialJson) {
    return new Reauthentication(Kind.PASSKEY, requireNonNull(credentialJson, "credentialJson"));
  }

  /** {@return which kind of proof this is} */
  public Kind kind() {
    return kind;
  }

  /**
   * The password, the code or the passkey response; {@code null} for {@link Kind#RECENT_SIGN_IN}. A
   * secret: left out of {@link #toString()}, never logged.
   *
   * @return what the caller proves itself with
   */
  public @Nullable String secret() {
    return secret;
  }

  @Override
  public String toString() {
    return "Reauthentication[" + kind + "]";
  }

  /**
   * A kind of proof that a module checks, not the core ({@link Kind#PASSKEY}, checked by {@code
   * auth-passkeys}; {@link Kind#TOTP}, by {@code auth-mfa}): registered once with {@link
   * SignInContext#hook} when the module's service is built; every operation that needs recent
   * authentication then accepts it. Without a check registered for its kind, such a proof does not
   * fit the account ({@link ReauthenticationRequiredException}). Implementations are thread-safe.
   */
  public interface Check extends ModuleHook {
    /** {@return the kind of proof it checks} */
    Kind kind();

    /**
     * {@return how {@link ReauthenticationRequiredException#methods()} names it, e.g. {@link
     * ReauthenticationRequiredException#METHOD_PASSKEY}}
     */
    String method();

    /**
     * Whether the account can give this proof (it has a passkey): decides whether {@link #method()}
     * is offered and whether a proof of this kind is checked at all.
     *
     * @param tx a transaction to read in
     * @param account the account's public id
     * @return whether the account can give it
     */
    boolean offers(StoreTransaction tx, UUID account);

    /**
     * Checks the proof for the account and spends it (a proof is accepted once), in transactions of
     * its own; throws when it is refused. The core has already checked the caller's session.
     *
     * @param account the caller's account, as read
     * @param secret the proof's secret ({@link Reauthentication#secret()})
     * @param client who is calling, or {@code null}
     * @throws dev.gatehouse.core.error.AuthException when the proof is refused
     */
    void check(UserRecord account, String secret, @Nullable ClientInfo client);
  }

  /**
   * A destructive operation needs a fresh proof: the caller's session signed in longer ago than
   * {@code gatehouse.security.recent-auth-window}, or the proof offered does not fit the account (a
   * password for an account that has none). Code {@code reauthentication_required}; an HTTP layer
   * answers 401 or 403 and asks the user for one of {@link #methods()}. Nothing was changed.
   */
  public static final class ReauthenticationRequiredException extends RejectedInputException {
    private static final long serialVersionUID = 1L;

    /** A proof by password ({@link Reauthentication#password}) is possible. */
    public static final String METHOD_PASSWORD = "password";

    /**
     * A proof by one-time code ({@code AccountService#requestReauthenticationCode}, then {@link
     * Reauthentication#code}) is possible.
     */
    public static final String METHOD_CODE = "code";

    /** A proof by the account's authenticator app ({@link Reauthentication#totp}) is possible. */
    public static final String METHOD_TOTP = "totp";

    /** A passkey ({@code PasskeyService.beginStepUp}, then {@code Reauthentication.passkey}). */
    public static final String METHOD_PASSKEY = "passkey";

    /** The proofs the account can give; a list is serializable. */
    @SuppressWarnings("serial")
    private final List<String> methods;

    /**
     * @param methods the proofs the account can give, from {@link #METHOD_PASSWORD}, {@link
     *     #METHOD_CODE} and {@link #METHOD_TOTP}
     */
    public ReauthenticationRequiredException(List<String> methods) {
      super(
          ErrorCode.REAUTHENTICATION_REQUIRED,
          "this operation needs a fresh sign-in, password or one-time code");
      this.methods = List.copyOf(methods);
    }

    /** {@return the proofs the account can give: {@code password}, {@code code}, {@code totp}} */
    public List<String> methods() {
      return methods;
    }
  }
}
