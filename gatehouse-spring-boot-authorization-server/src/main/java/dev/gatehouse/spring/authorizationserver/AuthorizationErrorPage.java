package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.spring.pages.ModulePage;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The page a refused authorization request is shown on when its error must not go to the client's
 * redirect URI ({@link AuthorizationErrors}): no or an unknown client, a redirect URI the client
 * did not register, a request that names neither. A page of the pages (their layout and texts,
 * under their one content security policy, {@link ModulePage#CONTENT_SECURITY_POLICY}), answered
 * 400, saying which part of the request was wrong from a fixed list: nothing of the request is
 * shown. Served in the provider's filter chain, since a signed-out browser sees it too.
 */
@Controller
class AuthorizationErrorPage implements ModulePage {
  static final String PATH = "/oauth2/error/";
  static final String CLIENT = "client";
  static final String REDIRECT_URI = "redirect_uri";
  static final String REQUEST = "request";
  private static final Set<String> KNOWN = Set.of(CLIENT, REDIRECT_URI, REQUEST);
  private static final String MESSAGE = "gatehouse/pages/message";

  private final MessageSource messages;

  AuthorizationErrorPage(MessageSource messages) {
    this.messages = requireNonNull(messages, "messages");
  }

  @GetMapping(PATH)
  String refused(
      @RequestParam(defaultValue = REQUEST) String error,
      HttpServletResponse response,
      Model model) {
    String which = KNOWN.contains(error) ? error : REQUEST;
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    response.setHeader("Content-Security-Policy", ModulePage.CONTENT_SECURITY_POLICY);
    response.setHeader("Referrer-Policy", "no-referrer");
    model.addAttribute("title", text("authorize.error.title"));
    model.addAttribute("error", text("authorize.error." + which));
    return MESSAGE;
  }

  private String text(String key) {
    return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
  }
}
