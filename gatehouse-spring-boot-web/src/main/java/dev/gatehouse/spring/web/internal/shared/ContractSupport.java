package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.CodeSent;
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
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** What the contract's controllers share: the facade, the caller, the client and login answers. */
public final class ContractSupport {
  private final Gatehouse gatehouse;
  private final JwtDecoder decoder;

  public ContractSupport(Gatehouse gatehouse, JwtDecoder decoder) {
    this.gatehouse = gatehouse;
    this.decoder = decoder;
  }

  public Gatehouse gatehouse() {
    return gatehouse;
  }

  /**
   * The caller of a contract route. Every such route reads or changes account data, so its access
   * token is accepted only while its session is alive, whatever {@code
   * gatehouse.http.check-session} says for the host's own routes (issue 36, finding 1): after a
   * logout, a revocation, a password change or a refresh-token reuse the old token stops working
   * here at once, not when it expires. One read of the session by its key (or the live-session
   * cache when the host enabled it); none when the decoder that authenticated the request already
   * checked it. A legacy system's access token during its transition window is taken too ({@code
   * SessionService#verifyLegacyBearer}: no session, its account is checked instead); {@link
   * #liveCaller} refuses it.
   *
   * @param request the request
   * @return the caller
   * @throws ApiException 401 {@code invalid_token} when the token is invalid or its session ended
   */
  public Caller caller(HttpServletRequest request) {
    Caller caller =
        Caller.require(request, decoder, gatehouse.config().get(TokenSettings.PROFILE_CLAIM));
    String bearer = Caller.bearer(request);
    if (bearer != null && !decoderChecksSession()) {
      try {
        gatehouse.sessions().verifyLiveAccessToken(bearer);
      } catch (InvalidTokenException e) {
        // A legacy system's access token during its window has no session to check: the
        // account's, read again here, is its live check.
        try {
          gatehouse.sessions().verifyLegacyBearer(bearer);
        } catch (InvalidTokenException legacy) {
          throw Caller.invalidToken();
        }
      }
    }
    return caller;
  }

  /**
   * The caller of a route that needs the verified token itself (sessions, logout-all, password
   * change, profile switch, account deletion), checked alive as {@link #caller} checks it.
   *
   * @param request the request
   * @return the verified token
   * @throws ApiException 401 {@code invalid_token} when the token is invalid or its session ended,
   *     or the request was authenticated without a bearer token
   */
  public VerifiedAccessToken liveCaller(HttpServletRequest request) {
    Caller.require(request, decoder, gatehouse.config().get(TokenSettings.PROFILE_CLAIM));
    String bearer = Caller.bearer(request);
    if (bearer == null) {
      // Authenticated by the host's own chain without a bearer header: nothing to check again.
      throw Caller.invalidToken();
    }
    return live(bearer);
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
