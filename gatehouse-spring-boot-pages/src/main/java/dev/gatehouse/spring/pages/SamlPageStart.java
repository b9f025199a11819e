package dev.gatehouse.spring.pages;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.saml.SamlSettings;
import dev.gatehouse.saml.SamlSignIn;
import dev.gatehouse.saml.SamlSignIn.SamlRedirect;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.util.ClassUtils;

/**
 * The email-first sign-in's SAML half ({@code auth-saml}, optional): starts the organisation's SAML
 * sign-in and keeps the request's id in the browser's {@link SamlSignIn#REQUEST_COOKIE}, which the
 * assertion consumer service reads. {@code SameSite=None}: the provider's answer is a form post
 * from its own site, with which a {@code Lax} cookie (the pages' session's) is not sent. Touched
 * only when the module is on the class path ({@link #available}).
 */
final class SamlPageStart {
  private static final String SAML = "dev.gatehouse.saml.SamlSignIn";

  private SamlPageStart() {}

  /** {@return whether {@code auth-saml} is on the class path} */
  static boolean available() {
    return ClassUtils.isPresent(SAML, SamlPageStart.class.getClassLoader());
  }

  /**
   * Starts the SAML sign-in of the address's organisation.
   *
   * @return the provider's address with the request, or empty when the module is not installed
   * @throws dev.gatehouse.core.error.AuthException {@code unknown_provider} when no organisation's
   *     SAML provider answers for the address; the start's limits
   */
  static Optional<URI> start(
      Gatehouse gatehouse, String email, HttpServletRequest request, HttpServletResponse response) {
    Optional<SamlSignIn> saml = gatehouse.findFeature(SamlSignIn.class);
    if (saml.isEmpty()) {
      return Optional.empty();
    }
    SamlRedirect r = saml.get().start(email, PageSession.client(request));
    ResponseCookie cookie =
        ResponseCookie.from(SamlSignIn.REQUEST_COOKIE, r.requestId())
            .httpOnly(true)
            .secure(true)
            .sameSite("None")
            .path("/")
            .maxAge(gatehouse.config().get(SamlSettings.REQUEST_TTL))
            .build();
    response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    return Optional.of(r.redirectUri());
  }
}
