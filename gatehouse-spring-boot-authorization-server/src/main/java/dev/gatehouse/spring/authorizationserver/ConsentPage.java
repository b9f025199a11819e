package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.pages.BrowserSession;
import dev.gatehouse.spring.pages.ModulePage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A third-party client's consent ({@value #PATH}), the page Spring Authorization Server sends the
 * browser to ({@code consentPage}): a page of Gatehouse's pages, in their filter chain (signed in
 * through the pages' session, their headers), themed by their layout, loading nothing from another
 * site. The request is read from the pending authorization the {@code state} names, never from the
 * query, and shown only to its own user. Its form goes back to the authorization endpoint the
 * request came to, which then sends the browser to the request's redirect URI: the page's policy is
 * the pages' own with that one origin added to {@code form-action}, since browsers hold a form's
 * redirects to {@code form-action} too.
 */
@Controller
class ConsentPage implements ModulePage {
  static final String PATH = "/account/consent/";
  private static final String VIEW = "gatehouse/pages/openid-consent";
  private static final String MESSAGE = "gatehouse/pages/message";

  private final Gatehouse gatehouse;
  private final BrowserSession browser;
  private final MessageSource messages;

  ConsentPage(Gatehouse gatehouse, BrowserSession browser, MessageSource messages) {
    this.gatehouse = requireNonNull(gatehouse, "gatehouse");
    this.browser = requireNonNull(browser, "browser");
    this.messages = requireNonNull(messages, "messages");
  }

  @GetMapping(PATH)
  String consent(
      @RequestParam(name = OAuth2ParameterNames.CLIENT_ID, defaultValue = "") String clientId,
      @RequestParam(name = OAuth2ParameterNames.STATE, defaultValue = "") String state,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Optional<VerifiedAccessToken> caller = browser.signedIn(request, response);
    if (caller.isEmpty()) {
      return "redirect:/login/";
    }
    String user = caller.get().userPublicId().toString();
    ProviderStore store = gatehouse.feature(ProviderStore.class);
    GatehouseRegisteredClients clients = new GatehouseRegisteredClients(store);
    OAuth2Authorization pending =
        state.isEmpty()
            ? null
            : new GatehouseAuthorizations(store, clients)
                .findByToken(state, new OAuth2TokenType(OAuth2ParameterNames.STATE));
    OAuth2AuthorizationRequest asked =
        pending == null ? null : pending.getAttribute(OAuth2AuthorizationRequest.class.getName());
    RegisteredClient client = clientId.isEmpty() ? null : clients.findByClientId(clientId);
    if (pending == null
        || asked == null
        || client == null
        || !user.equals(pending.getPrincipalName())
        || !clientId.equals(asked.getClientId())) {
      // Not this user's pending request (over, or another's): nothing of it is shown.
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("title", text("consent.title.plain"));
      model.addAttribute("error", text("consent.unknown"));
      return MESSAGE;
    }
    OAuth2AuthorizationConsent before = new GatehouseConsents(store).findById(client.getId(), user);
    Set<String> allowed = before == null ? Set.of() : before.getScopes();
    Set<String> toAsk = new LinkedHashSet<>();
    Set<String> already = new LinkedHashSet<>();
    for (String scope : asked.getScopes()) {
      if (!scope.equals(OidcScopes.OPENID)) {
        (allowed.contains(scope) ? already : toAsk).add(scope);
      }
    }
    response.setHeader("Content-Security-Policy", policy(asked.getRedirectUri()));
    model.addAttribute("clientId", clientId);
    model.addAttribute("clientName", client.getClientName());
    model.addAttribute("state", state);
    model.addAttribute("action", URI.create(asked.getAuthorizationUri()).getRawPath());
    model.addAttribute("openid", asked.getScopes().contains(OidcScopes.OPENID));
    model.addAttribute("toAsk", toAsk);
    model.addAttribute("already", already);
    return VIEW;
  }

  /** The pages' policy, with the origin of the request's redirect URI as a form target. */
  static String policy(@Nullable String redirectUri) {
    if (redirectUri == null) {
      return ModulePage.CONTENT_SECURITY_POLICY;
    }
    URI target = URI.create(redirectUri);
    String source =
        target.getHost() == null
            // A private-use scheme (com.example.app:/callback): the scheme is the source.
            ? target.getScheme() + ":"
            : target.getScheme()
                + "://"
                + target.getRawAuthority().substring(target.getRawAuthority().indexOf('@') + 1);
    return ModulePage.CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", "form-action 'self' " + source);
  }

  private String text(String key) {
    return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
  }
}
