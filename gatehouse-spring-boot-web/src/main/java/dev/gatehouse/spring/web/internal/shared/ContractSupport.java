package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.CodeSent;
import dev.gatehouse.core.audit.ActingAccount;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.DeviceService.DeviceInfo;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SignedInCaller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** What the contract's controllers share: the facade, the caller, the client and login answers. */
public final class ContractSupport {
  private final Gatehouse gatehouse;
  private final JwtDecoder decoder;
  private final Predicate<HttpServletRequest> impersonationAllowed;

  /**
   * @param gatehouse the facade
   * @param decoder the access-token decoder
   * @param impersonationAllowed the changes the host lets a session in which someone acts for the
   *     user make ({@code gatehouse.http.impersonation-allowed})
   */
  public ContractSupport(
      Gatehouse gatehouse, JwtDecoder decoder, Predicate<HttpServletRequest> impersonationAllowed) {
    this.gatehouse = gatehouse;
    this.decoder = decoder;
    this.impersonationAllowed = impersonationAllowed;
  }

  public Gatehouse gatehouse() {
    return gatehouse;
  }

  /**
   * What a route does with its caller, which decides who may call it (docs/SECURITY-GUARANTEES.md,
   * "Impersonation, legacy bearers and linked identities"). Every route is a {@link #CHANGE} unless
   * it says otherwise, so a route that forgets is refused to an impersonation and a legacy bearer,
   * not opened to them.
   */
  public enum Use {
    /**
     * Adds, removes or changes something, or reads more than the caller (the default): only a live
     * Gatehouse session, never a legacy bearer; a session in which someone acts for the user only
     * with {@code GET} or {@code HEAD}, or on a route the host lists in {@code
     * gatehouse.http.impersonation-allowed}.
     */
    CHANGE,
    /**
     * Reads the caller (their account, profiles, devices): a legacy bearer during its window too,
     * and an impersonation. Honoured for {@code GET} and {@code HEAD} only: any other method is a
     * {@link #CHANGE}.
     */
    READ,
    /**
     * Ends the caller's own session (logout): a legacy bearer (nothing to end) or an impersonation.
     */
    END_OWN_SESSION
  }

  /**
   * The caller of a route that changes something ({@link Use#CHANGE}).
   *
   * @param request the request
   * @return the caller
   * @throws ApiException 401 {@code invalid_token} when the token is invalid, a legacy bearer or
   *     its session ended; 403 {@code impersonation_refused} for an impersonation's token
   */
  public Caller caller(HttpServletRequest request) {
    return caller(request, Use.CHANGE);
  }

  /**
   * The caller of a contract route. Every such route reads or changes account data, so its access
   * token is accepted only while its session is alive, whatever {@code
   * gatehouse.http.check-session} says for the host's own routes (issue 36, finding 1): after a
   * logout, a revocation, a password change or a refresh-token reuse the old token stops working
   * here at once, not when it expires. One read of the session by its key (or the live-session
   * cache when the host enabled it); none when the decoder that authenticated the request already
   * checked it. A legacy system's access token during its transition window is taken only where
   * {@code use} allows it ({@code SessionService#verifyLegacyBearer}: no session, its account is
   * checked instead).
   *
   * @param request the request
   * @param use what the route does with the caller
   * @return the caller
   * @throws ApiException 401 {@code invalid_token} when the token is invalid or its session ended,
   *     or is a legacy bearer where {@code use} does not take one; 403 {@code
   *     impersonation_refused} for an impersonation's token where {@code use} does not take one
   */
  public Caller caller(HttpServletRequest request, Use use) {
    return Caller.of(signedIn(request, use));
  }

  /**
   * The caller of a contract route as the one caller rule reads it ({@link SignedInCaller}),
   * checked as {@link #caller(HttpServletRequest, Use)} checks it.
   *
   * @param request the request
   * @param use what the route does with the caller
   * @return the caller
   * @throws ApiException as {@link #caller(HttpServletRequest, Use)}
   */
  public SignedInCaller signedIn(HttpServletRequest request, Use use) {
    Use u = effective(request, use);
    String token = Caller.token(request);
    VerifiedAccessToken verified;
    if (u == Use.CHANGE) {
      // A change needs the session itself: never a legacy bearer.
      verified = live(token);
      // What the request writes to the audit trail names whoever acts for the user.
      ActingAccount.note(verified);
    } else if (decoderChecksSession()) {
      // The decoder already read the session: the token's claims, verified again without a read.
      verified = verifiedOrLegacy(token, false);
    } else {
      verified = verifiedOrLegacy(token, true);
    }
    SignedInCaller caller = SignedInCaller.of(verified);
    refuseActing(request, caller.acting(), u);
    return caller;
  }

  /**
   * A token's claims, its session checked alive when asked; a legacy system's access token during
   * its window has no session to check, and the account's, read again, is its live check.
   */
  private VerifiedAccessToken verifiedOrLegacy(String token, boolean checkSession) {
    try {
      return checkSession
          ? gatehouse.sessions().verifyLiveAccessToken(token)
          : gatehouse.sessions().verifyAccessToken(token);
    } catch (InvalidTokenException e) {
      try {
        return gatehouse.sessions().verifyLegacyBearer(token);
      } catch (InvalidTokenException legacy) {
        throw Caller.invalidToken();
      }
    }
  }

  /**
   * The caller of a route that needs the verified token itself (sessions, logout-all, password
   * change, profile switch, account deletion), checked alive as {@link #caller} checks it, and
   * changing something ({@link Use#CHANGE}).
   *
   * @param request the request
   * @return the verified token
   * @throws ApiException 401 {@code invalid_token} when the token is invalid or its session ended,
   *     or the request was authenticated without a bearer token; 403 {@code impersonation_refused}
   *     for an impersonation's token
   */
  public VerifiedAccessToken liveCaller(HttpServletRequest request) {
    return liveCaller(request, Use.CHANGE);
  }

  /**
   * The caller of a route that needs the verified token itself, checked alive: never a legacy
   * bearer, whatever {@code use} says.
   *
   * @param request the request
   * @param use what the route does with the caller
   * @return the verified token
   * @throws ApiException 401 {@code invalid_token} when the token is invalid or its session ended,
   *     or the request was authenticated without a bearer token; 403 {@code impersonation_refused}
   *     for an impersonation's token where {@code use} does not take one
   */
  public VerifiedAccessToken liveCaller(HttpServletRequest request, Use use) {
    Use u = effective(request, use);
    String bearer = Caller.token(request);
    if (!bearer.equals(Caller.bearer(request))) {
      // Authenticated by the host's own chain without a bearer header: nothing to check again.
      throw Caller.invalidToken();
    }
    VerifiedAccessToken token = live(bearer);
    refuseActing(request, SignedInCaller.of(token).acting(), u);
    // What the request writes to the audit trail names whoever acts for the user.
    ActingAccount.note(token);
    return token;
  }

  /** A read is a read only for a method that reads: anything else changes, whatever was said. */
  private static Use effective(HttpServletRequest request, Use use) {
    return use != Use.READ || reads(request) ? use : Use.CHANGE;
  }

  private static boolean reads(HttpServletRequest request) {
    return ImpersonationRule.reads(request);
  }

  /**
   * The one check of what a session in which someone acts for the user may do: read, end itself,
   * and what the host listed; every other request refuses it before it does anything.
   */
  private void refuseActing(HttpServletRequest request, boolean acting, Use use) {
    if (use != Use.END_OWN_SESSION
        && ImpersonationRule.refuses(request, acting, impersonationAllowed)) {
      throw new ApiException(
          ErrorCode.IMPERSONATION_REFUSED,
          "a session in which someone acts for the account may not make this change");
    }
  }

  private VerifiedAccessToken live(String bearer) {
    try {
      return gatehouse.sessions().verifyLiveAccessToken(bearer);
    } catch (InvalidTokenException e) {
      throw Caller.invalidToken();
    }
  }

  /**
   * Whether the decoder already read the token's session: only when it checks sessions without
   * following revocations ({@code gatehouse.token.revocation-follow} 0), which reads per request.
   */
  private boolean decoderChecksSession() {
    return decoder instanceof dev.gatehouse.spring.web.token.GatehouseJwtDecoder g
        && g.checksSession()
        && gatehouse.config().get(TokenSettings.REVOCATION_FOLLOW).isZero();
  }

  /** {@code web} (default) or {@code mobile}; anything else is a 400 {@code invalid_client}. */
  public static String clientKind(String client) {
    String c = client == null ? SessionService.CLIENT_WEB : client;
    if (!c.equals(SessionService.CLIENT_WEB) && !c.equals(SessionService.CLIENT_MOBILE)) {
      throw new ApiException(ErrorCode.INVALID_CLIENT, "client must be web or mobile");
    }
    return c;
  }

  /**
   * The caller of a request anyone may make (registration, reset and resend requests, passkey
   * sign-in options): its IP, as the servlet container determined it, is what the per-network
   * limits count.
   */
  public static ClientInfo anonymous(HttpServletRequest request) {
    return client(request, dev.gatehouse.core.session.SessionService.CLIENT_WEB);
  }

  /** The client of a request without a device (refresh, code requests). */
  public static ClientInfo client(HttpServletRequest request, String kind) {
    return new ClientInfo(
        kind, request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT), null);
  }

  /**
   * The client kind, for a mobile login the device it registers, and the remembered-device token
   * ({@code remembered_device}) a password or code login presents to skip the second factor.
   */
  public static ClientInfo loginClient(HttpServletRequest request, JsonBody b) {
    String kind = clientKind(b.optionalString("client"));
    DeviceInfo device = null;
    JsonBody d = b.optionalObject("device");
    if (d != null) {
      device =
          new DeviceInfo(
              d.string("token"),
              d.optionalString("platform"),
              d.optionalString("name"),
              d.optionalString("notification_token"));
    }
    return new ClientInfo(
        kind,
        request.getRemoteAddr(),
        request.getHeader(HttpHeaders.USER_AGENT),
        device,
        b.optionalString("remembered_device"));
  }

  /**
   * The login answer of a sign-in: its tokens, and the user and profiles it read in its own
   * transaction (no second read, no verification of the tokens it just issued).
   */
  public Reply loginAnswer(ClientInfo client, SignInResult.SignedIn in) {
    return Replies.ok(loginBody(client, in));
  }

  /** The body of a sign-in's login answer, for routes that add to it. */
  public Map<String, Object> loginBody(ClientInfo client, SignInResult.SignedIn in) {
    return Shapes.login(
        in.tokens(), in.account(), client.device() != null, gatehouse.config().clock());
  }

  /** The login answer for tokens that did not come from a sign-in (a hand-off, a switch). */
  public Reply loginAnswer(ClientInfo client, TokenPair pair) {
    return Replies.ok(
        Shapes.login(pair, account(pair), client.device() != null, gatehouse.config().clock()));
  }

  /**
   * The user and profiles of tokens that did not come from a sign-in: read by the pair's own
   * subject and profile, since the tokens were just issued (verifying them again would cost a
   * second signature check).
   */
  public Me account(TokenPair pair) {
    return gatehouse.profiles().me(pair.userId(), pair.profileId());
  }

  public Reply tokens(TokenPair pair) {
    return Replies.ok(Shapes.tokens(pair, gatehouse.config().clock()));
  }

  public static Reply detail(String detail) {
    return Replies.ok(Shapes.detail(detail));
  }

  public static Reply detail(String detail, String key, Object value) {
    Map<String, Object> m = Shapes.detail(detail);
    m.put(key, value);
    return Replies.ok(m);
  }

  /** A positive numeric path id; anything else is simply not found. */
  public static long id(String segment) {
    try {
      long v = Long.parseLong(segment);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // the typed error below
    }
    throw new ApiException(ProtocolError.NOT_FOUND, "no such resource");
  }

  /** Which contact a change is about: the email address or the phone number. */
  public enum Contact {
    EMAIL,
    PHONE
  }

  /**
   * The recent-authentication proof of a body: {@code password}, {@code totp_code} or {@code
   * passkey} (an assertion answering {@code /passkeys/step-up/options/}), else the session's own
   * recent sign-in.
   */
  public static Reauthentication proof(JsonBody b) {
    String password = b.optionalString("password");
    String totp = b.optionalString("totp_code");
    String passkey = b.optionalObjectText("passkey");
    int given = (password != null ? 1 : 0) + (totp != null ? 1 : 0) + (passkey != null ? 1 : 0);
    if (given > 1) {
      throw new ApiException(
          ErrorCode.INVALID_PROOF, "give at most one of password, totp_code or passkey");
    }
    if (password != null) {
      return Reauthentication.password(password);
    }
    if (totp != null) {
      return Reauthentication.totp(totp);
    }
    return passkey != null ? Reauthentication.passkey(passkey) : Reauthentication.recentSignIn();
  }

  /**
   * How the caller proves presence for a sensitive change: the password when given, else the
   * session's own sign-in, accepted only within {@code gatehouse.security.recent-auth-window} (a
   * passwordless account signs in again with a new code).
   */
  public static Reauthentication proof(@Nullable String password) {
    return password != null ? Reauthentication.password(password) : Reauthentication.recentSignIn();
  }

  /**
   * Starts changing the live caller's email or phone: a code goes to the new address and nothing
   * changes until {@link #confirmContactChange} (every contract's route calls this one).
   */
  public CodeSent requestContactChange(
      HttpServletRequest request, Contact contact, String to, @Nullable String password) {
    VerifiedAccessToken caller = liveCaller(request);
    ClientInfo client = client(request, SessionService.CLIENT_WEB);
    return contact == Contact.EMAIL
        ? gatehouse.accounts().requestEmailChange(caller, proof(password), to, client)
        : gatehouse.accounts().requestPhoneChange(caller, proof(password), to, client);
  }

  /**
   * Completes the live caller's email or phone change with the code sent to the new address; a
   * wrong code is counted as the core counts every code.
   *
   * @return the caller, to answer the account as changed
   */
  public VerifiedAccessToken confirmContactChange(
      HttpServletRequest request, Contact contact, String to, String code) {
    VerifiedAccessToken caller = liveCaller(request);
    ClientInfo client = client(request, SessionService.CLIENT_WEB);
    if (contact == Contact.EMAIL) {
      gatehouse.accounts().confirmEmailChange(caller, to, code, client);
    } else {
      gatehouse.accounts().confirmPhoneChange(caller, to, code, client);
    }
    return caller;
  }

  /** The answer to a contact change's request: where the code went and how long it works. */
  public static Map<String, Object> codeSent(String detail, CodeSent sent) {
    Map<String, Object> m = Shapes.detail(detail);
    m.put("destination", sent.maskedDestination());
    m.put("channel", sent.channel());
    m.put("expires_in", sent.validFor().toSeconds());
    return m;
  }
}
