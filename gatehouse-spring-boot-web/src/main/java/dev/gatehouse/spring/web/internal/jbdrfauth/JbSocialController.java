package dev.gatehouse.spring.web.internal.jbdrfauth;

import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.social.SocialErrors;
import dev.gatehouse.social.SocialService;
import dev.gatehouse.social.SocialService.SocialPrecheck;
import dev.gatehouse.spring.web.internal.drf.DrfException;
import dev.gatehouse.spring.web.internal.drf.DrfForm;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code jb-drf-auth} contract's social routes: sign-in with a provider's token, the precheck,
 * link and unlink, in jb-drf-auth's {@code {detail, code}} error shape.
 */
@RestController
@ConditionalOnClass(name = "dev.gatehouse.social.SocialService")
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class JbSocialController {
  private final ContractSupport support;

  JbSocialController(ContractSupport support) {
    this.support = support;
  }

  private SocialService social() {
    return support.gatehouse().feature(SocialService.class);
  }

  // ---- social sign-in ---------------------------------------------------------------------------

  /** The token of a social request, with jb-drf-auth's refusals for a missing one. */
  private static String socialToken(DrfForm f, String provider) {
    String idToken = f.chars("id_token", false, true, 0);
    String accessToken = f.chars("access_token", false, true, 0);
    String code = f.chars("authorization_code", false, true, 0);
    for (String ignored : List.of("redirect_uri", "code_verifier", "client_id")) {
      f.chars(ignored, false, true, 0);
    }
    f.check();
    if (idToken != null && !idToken.isEmpty()) {
      return idToken;
    }
    if (accessToken != null && !accessToken.isEmpty()) {
      return accessToken;
    }
    if (code != null && !code.isEmpty()) {
      // A code a mobile app obtained itself is exchanged by the provider's own SDK flow in
      // jb-drf-auth; Gatehouse exchanges only codes of the sign-ins it started.
      throw DrfException.coded(
          400,
          "authorization_code is not accepted here; send the id_token (or use"
              + " login/social/redirect/ of the gatehouse contract).",
          "social_bad_request");
    }
    throw DrfException.of(
        400,
        Map.of(
            "detail",
            List.of(
                "facebook".equals(provider)
                    ? "access_token is required for Facebook."
                    : "id_token or authorization_code is required for this provider.")));
  }

  /**
   * The providers jb-drf-auth always knows (its default {@code SOCIAL.PROVIDERS}), configured or
   * not: a request naming one the server does not have is refused as jb-drf-auth refuses it for an
   * unconfigured one, in its {@code {detail, code}} shape, not as an unknown provider.
   */
  private static final List<String> BUILT_IN = List.of("google", "apple", "facebook");

  /**
   * A provider the server does not have, refused as jb-drf-auth does: a field error for a name it
   * does not know either; for one of its own, what its provider answers unconfigured (an OIDC
   * provider without client ids: 400 {@code social_config_error}; Facebook, which cannot validate
   * the token: 401 {@code social_invalid_token}), and 404 {@code social_not_found} on unlink.
   */
  private static DrfException unknownProvider(String provider, boolean unlink) {
    if (provider == null || !BUILT_IN.contains(provider)) {
      return DrfException.field("provider", "Unsupported social provider.");
    }
    if (unlink) {
      return DrfException.coded(
          404, "No linked social account found for this provider.", "social_not_found");
    }
    if ("facebook".equals(provider)) {
      return DrfException.coded(
          401, "Could not validate Facebook access_token.", "social_invalid_token");
    }
    return DrfException.coded(
        400, "Missing OIDC client ids for provider '" + provider + "'.", "social_config_error");
  }

  /** A social refusal in jb-drf-auth's {@code {detail, code}} shape. */
  private static RuntimeException socialRefusal(AuthException e, String provider, boolean unlink) {
    ErrorCode code = e.error();
    if (code.equals(ErrorCode.UNKNOWN_PROVIDER)) {
      return unknownProvider(provider, unlink);
    }
    if (code.equals(ErrorCode.INVALID_ID_TOKEN)) {
      return DrfException.coded(401, "Social token is invalid or expired.", "social_invalid_token");
    }
    if (code.equals(SocialErrors.SOCIAL_NOT_CONFIGURED)) {
      return DrfException.coded(400, e.getMessage(), "social_config_error");
    }
    if (code.equals(SocialErrors.SOCIAL_SIGNUP_DISABLED)) {
      return DrfException.coded(
          400, "No account is linked for this social provider.", "social_account_not_linked");
    }
    if (code.equals(ErrorCode.ACCOUNT_DISABLED)) {
      return DrfException.coded(
          401, "Esta cuenta esta inactiva.", ErrorCode.ACCOUNT_DISABLED.code());
    }
    if (code.equals(SocialErrors.SOCIAL_ACCOUNT_TAKEN)) {
      return DrfException.coded(
          400, "This social account is already linked to another user.", "social_already_linked");
    }
    if (code.equals(SocialErrors.PROVIDER_ALREADY_LINKED)) {
      return DrfException.coded(400, e.getMessage(), "social_provider_already_linked");
    }
    if (code.equals(SocialErrors.SOCIAL_ACCOUNT_NOT_FOUND)) {
      return DrfException.coded(
          404, "No linked social account found for this provider.", "social_not_found");
    }
    return e;
  }

  @PostMapping("/login/social/")
  void socialLogin(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    String client = f.choice("client", JbSupport.CLIENTS, true);
    DrfForm device = f.object("device");
    f.chars("role", false, true, 0);
    boolean terms = f.bool("terms_and_conditions_accepted", false);
    String provider = f.chars("provider", true, false, 0);
    String token = socialToken(f, provider);
    ClientInfo info = JbSupport.client(request, client, device, false);
    SignInResult outcome;
    try {
      if (!terms && support.gatehouse().config().get(AccountSettings.TERMS_REQUIRED)) {
        // A sign-up needs the terms; a sign-in to an existing account does not.
        if (social().precheck(provider, token, null).wouldCreateUser()) {
          throw DrfException.coded(
              400, "Terms and conditions must be accepted.", ErrorCode.TERMS_REQUIRED.code());
        }
      }
      outcome = social().signInWithNativeToken(provider, token, null, info);
    } catch (AuthException e) {
      throw socialRefusal(e, provider, false);
    }
    if (outcome instanceof SignInResult.LinkRequired required) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(
          "detail",
          "provider_email_unverified".equals(required.reason())
              ? "Social provider did not return a verified email."
              : "An account uses this email: sign in to it, then send link_token to"
                  + " login/social/link/.");
      m.put(
          "code",
          "provider_email_unverified".equals(required.reason())
              ? "social_email_not_verified"
              : "social_account_not_linked");
      m.put("link_token", required.linkToken());
      throw DrfException.of(400, m);
    }
    SignInResult.SignedIn in = SecondStepAnswer.signedIn(outcome);
    Map<String, Object> m = JbSupport.loginBody(support, client, in);
    m.put("social_provider", provider);
    m.put("user_created", in.created());
    m.put("linked_existing_user", in.linked());
    Replies.ok(m).send(response);
  }

  @PostMapping("/login/social/precheck/")
  void socialPrecheck(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DrfForm f = DrfForm.read(request);
    f.choice("client", JbSupport.CLIENTS, true);
    f.chars("role", false, true, 0);
    f.bool("terms_and_conditions_accepted", false);
    String provider = f.chars("provider", true, false, 0);
    String token = socialToken(f, provider);
    SocialPrecheck p;
    try {
      p = social().precheck(provider, token, null);
    } catch (AuthException e) {
      throw socialRefusal(e, provider, false);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", p.provider());
    m.put("email", p.email());
    m.put("email_verified", p.emailVerified());
    m.put("social_account_exists", p.socialAccountExists());
    m.put("linked_existing_user", p.linkedExistingUser());
    m.put("user_exists", p.userExists());
    m.put("would_create_user", p.wouldCreateUser());
    m.put("can_login", p.canLogin());
    Replies.ok(m).send(response);
  }

  /**
   * Links a provider's identity to the signed-in account: with the provider's token, as in
   * jb-drf-auth, or with the {@code link_token} a social sign-in answered when the account had to
   * be proven first.
   */
  @PostMapping("/login/social/link/")
  void socialLink(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    DrfForm f = DrfForm.read(request);
    String linkToken = f.chars("link_token", false, true, 0);
    Reauthentication proof = ContractSupport.proof(f.chars("password", false, false, 0));
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    String provider = null;
    try {
      if (linkToken != null && !linkToken.isEmpty()) {
        f.check();
        provider = social().linkPending(caller, proof, linkToken, client).provider();
      } else {
        provider = f.chars("provider", true, false, 0);
        String token = socialToken(f, provider);
        social().linkWithNativeToken(caller, proof, provider, token, null, client);
      }
    } catch (AuthException e) {
      throw socialRefusal(e, provider, false);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", "Social account linked successfully.");
    m.put("provider", provider);
    Replies.ok(m).send(response);
  }

  @PostMapping("/login/social/unlink/")
  void socialUnlink(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    DrfForm f = DrfForm.read(request);
    String provider = f.chars("provider", true, false, 0);
    f.check();
    try {
      social().unlink(caller, provider, ContractSupport.client(request, SessionService.CLIENT_WEB));
    } catch (AuthException e) {
      throw socialRefusal(e, provider, true);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", "Social account unlinked successfully.");
    m.put("provider", provider);
    Replies.ok(m).send(response);
  }
}
