package dev.gatehouse.spring.web.internal.modules;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.SecondFactorChallenge;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.social.SocialErrors;
import dev.gatehouse.social.SocialService;
import dev.gatehouse.social.SocialService.SocialAccountView;
import dev.gatehouse.social.SocialService.SocialRedirect;
import dev.gatehouse.social.SocialSettings;
import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.BrowserStates;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.JsonBody;
import dev.gatehouse.spring.web.internal.shared.Problems;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.Reply;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import dev.gatehouse.spring.web.internal.shared.Shapes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Social sign-in routes, under jb-drf-auth's {@code login/social/}: the native-token sign-in, the
 * browser redirect and callback, and link, unlink and the list while signed in. A "link required"
 * outcome answers 409 {@code link_required} with a {@code link_token} to present to {@code
 * login/social/link/} after signing in to the account with a password or a code.
 *
 * <p>The redirect sets a cookie binding the sign-in to this browser (the provider and a hash of the
 * state, HttpOnly, {@code SameSite=None; Secure} over https so Apple's {@code form_post} carries
 * it); the callback refuses a state that is not this browser's, so a callback cannot be planted in
 * another browser (login CSRF). The callback address is {@code gatehouse.frontend-url}'s origin
 * plus the contract's base path, never the request's Host.
 */
@RestController
@ConditionalOnClass(name = "dev.gatehouse.social.SocialService")
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class SocialController {
  static final String COOKIE = "gh_social";

  private final ContractSupport support;
  private final ContractPaths paths;

  SocialController(ContractSupport support, ContractPaths paths) {
    this.support = support;
    this.paths = paths;
  }

  private SocialService social() {
    return support.gatehouse().feature(SocialService.class);
  }

  @GetMapping("/login/social/")
  void providers(HttpServletResponse response) throws IOException {
    Replies.ok(Map.of("providers", social().providers())).send(response);
  }

  @PostMapping("/login/social/")
  void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonBody b = ContractJson.read(request);
    ClientInfo client = ContractSupport.loginClient(request, b);
    SignInResult outcome =
        social()
            .signInWithNativeToken(
                b.string("provider"), token(b), b.optionalString("nonce"), client);
    answer(client, outcome).send(response);
  }

  @GetMapping("/login/social/redirect/")
  void redirect(
      @RequestParam("provider") String provider,
      @RequestParam(name = "code_challenge", required = false) String codeChallenge,
      HttpServletResponse response)
      throws IOException {
    boolean handOff = handOffUrl() != null;
    if (handOff && (codeChallenge == null || !codeChallenge.matches("[A-Za-z0-9_-]{43}"))) {
      throw new ApiException(
          SocialErrors.INVALID_CODE_CHALLENGE,
          "a single-page sign-in needs the application's PKCE S256 code_challenge");
    }
    URI callback =
        BrowserStates.callback(support.gatehouse().config(), paths, "/login/social/callback/");
    SocialRedirect r = social().begin(provider, callback);
    boolean secure = "https".equals(callback.getScheme());
    // provider.hash(state)[.challenge]: the browser, and the application that started it, finish.
    ResponseCookie cookie =
        ResponseCookie.from(
                COOKIE,
                provider
                    + "."
                    + BrowserStates.hash(r.state())
                    + (handOff ? "." + codeChallenge : ""))
            .httpOnly(true)
            .secure(secure)
            .sameSite(secure ? "None" : "Lax")
            .path(paths.basePath() + "/login/social/")
            .maxAge(support.gatehouse().config().get(SocialSettings.SOCIAL_STATE_TTL))
            .build();
    new Reply(
            302,
            null,
            null,
            HttpHeaders.LOCATION,
            r.authorizationUri().toString(),
            HttpHeaders.SET_COOKIE,
            cookie.toString(),
            HttpHeaders.CACHE_CONTROL,
            "no-store")
        .send(response);
  }

  @GetMapping("/login/social/callback/")
  void callbackGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    finish(request).send(response);
  }

  /** Apple answers with {@code response_mode=form_post}. */
  @PostMapping("/login/social/callback/")
  void callbackPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    finish(request).send(response);
  }

  /**
   * The exchange of a hand-off code: the single-page application's end of a browser sign-in
   * (gatehouse.social.handoff-url).
   */
  @PostMapping("/login/social/exchange/")
  void exchange(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonBody b = ContractJson.read(request);
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    TokenPair tokens = social().redeemHandOff(b.string("code"), b.string("code_verifier"));
    support.loginAnswer(client, tokens).send(response);
  }

  private Reply finish(HttpServletRequest request) {
    URI handOff = handOffUrl();
    String challenge = challenge(BrowserStates.cookie(request, COOKIE));
    if (handOff == null || challenge == null) {
      Completed c = complete(request);
      return answer(c.client(), c.outcome());
    }
    // The application that started the sign-in finishes it: a redirect to it, never tokens here.
    // The fragment stays in the browser (it is sent to no server and written to no access log).
    Map<String, String> fragment = new LinkedHashMap<>();
    try {
      Completed c = complete(request);
      if (c.outcome() instanceof SignInResult.SignedIn in) {
        fragment.put("provider", c.provider());
        fragment.put("code", social().handOff(in.tokens(), challenge));
      } else if (c.outcome() instanceof SignInResult.LinkRequired required) {
        fragment.put("provider", c.provider());
        fragment.put("error", ErrorCode.LINK_REQUIRED.code());
        fragment.put("reason", required.reason());
        fragment.put("link_token", required.linkToken());
      } else {
        SecondFactorChallenge step = ((SignInResult.SecondStepRequired) c.outcome()).challenge();
        fragment.put("error", ErrorCode.MFA_REQUIRED.code());
        fragment.put("mfa_token", step.token());
        fragment.put("methods", String.join(",", step.methods()));
      }
    } catch (ApiException e) {
      fragment.put("error", e.code());
    } catch (AuthException e) {
      fragment.put("error", e.code());
    }
    StringBuilder location = new StringBuilder(handOff.toString()).append('#');
    fragment.forEach(
        (k, v) ->
            location
                .append(location.charAt(location.length() - 1) == '#' ? "" : "&")
                .append(k)
                .append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return new Reply(
        302,
        null,
        null,
        HttpHeaders.LOCATION,
        location.toString(),
        HttpHeaders.CACHE_CONTROL,
        "no-store");
  }

  /** What the callback's sign-in answered, and for whom. */
  private record Completed(ClientInfo client, String provider, SignInResult outcome) {}

  private URI handOffUrl() {
    return support.gatehouse().config().get(SocialSettings.SOCIAL_HANDOFF_URL);
  }

  /** The application's code challenge the cookie carries, when a single-page sign-in started. */
  private static String challenge(String bound) {
    if (bound == null) {
      return null;
    }
    String[] parts = bound.split("\\.");
    return parts.length == 3 ? parts[2] : null;
  }

  private Completed complete(HttpServletRequest request) {
    String error = request.getParameter("error");
    if (error != null) {
      throw new ApiException(ErrorCode.PROVIDER_REFUSED, "the provider did not sign the user in");
    }
    String state = request.getParameter("state");
    String bound = BrowserStates.cookie(request, COOKIE);
    String[] parts = bound == null ? new String[0] : bound.split("\\.");
    if (state == null
        || parts.length < 2
        || parts[0].isEmpty()
        || !MessageDigest.isEqual(
            parts[1].getBytes(StandardCharsets.US_ASCII),
            BrowserStates.hash(state).getBytes(StandardCharsets.US_ASCII))) {
      throw new ApiException(
          ErrorCode.INVALID_STATE, "the sign-in was not started in this browser");
    }
    Map<String, String> extra = new LinkedHashMap<>();
    String user = request.getParameter("user");
    if (user != null) {
      extra.put("user", user);
    }
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    SignInResult outcome =
        social().complete(parts[0], state, request.getParameter("code"), extra, client);
    return new Completed(client, parts[0], outcome);
  }

  @PostMapping("/login/social/link/")
  void link(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    JsonBody b = ContractJson.read(request);
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    Reauthentication proof = ContractSupport.proof(b);
    String linkToken = b.optionalString("link_token");
    SocialAccountView linked =
        linkToken != null
            ? social().linkPending(caller, proof, linkToken, client)
            : social()
                .linkWithNativeToken(
                    caller,
                    proof,
                    b.string("provider"),
                    token(b),
                    b.optionalString("nonce"),
                    client);
    Replies.ok(account(linked)).send(response);
  }

  @PostMapping("/login/social/unlink/")
  void unlink(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    JsonBody b = ContractJson.read(request);
    social()
        .unlink(
            caller,
            b.string("provider"),
            ContractSupport.client(request, SessionService.CLIENT_WEB));
    ContractSupport.detail("unlinked").send(response);
  }

  @GetMapping("/login/social/accounts/")
  void accounts(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    List<Map<String, Object>> out = new ArrayList<>();
    for (SocialAccountView a : social().accounts(UUID.fromString(caller.subject()))) {
      out.add(account(a));
    }
    Replies.ok(Map.of("accounts", out)).send(response);
  }

  private Reply answer(ClientInfo client, SignInResult outcome) {
    if (!(outcome instanceof SignInResult.LinkRequired required)) {
      return support.loginAnswer(client, SecondStepAnswer.signedIn(outcome));
    }
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("reason", required.reason());
    members.put("provider", required.provider());
    members.put("link_token", required.linkToken());
    return Problems.withMembers(
        ErrorCode.LINK_REQUIRED,
        "an account with this email exists; sign in to it, then link with the link token",
        members);
  }

  private static Map<String, Object> account(SocialAccountView a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", a.provider());
    m.put("email", a.email());
    m.put("email_verified", a.emailVerified());
    m.put("display_name", a.displayName());
    m.put("picture_url", a.pictureUrl());
    m.put("linked_at", Shapes.time(a.linkedAt()));
    m.put("last_used_at", Shapes.time(a.lastUsedAt()));
    return m;
  }

  private static String token(JsonBody b) {
    String idToken = b.optionalString("id_token");
    return idToken != null ? idToken : b.string("access_token");
  }
}
