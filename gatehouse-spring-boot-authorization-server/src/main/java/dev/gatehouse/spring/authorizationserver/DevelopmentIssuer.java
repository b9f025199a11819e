package dev.gatehouse.spring.authorizationserver;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The issuer in development without {@code gatehouse.openid-provider.issuer}: the request's own
 * address, which Spring Authorization Server reads from its {@code Host} header, so only a loopback
 * one ({@code 127.0.0.1}, {@code [::1]}, {@code localhost}, any port) is answered. A request naming
 * another host (a forged {@code Host}, a DNS-rebinding page's name) is refused with 400 before the
 * provider reads it, so no discovery document, key set or token ever names an address a request
 * chose. A host reached at another address in development sets the issuer; production requires it.
 */
final class DevelopmentIssuer extends OncePerRequestFilter {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "::1", "localhost");

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String host = request.getServerName();
    if (host == null || !LOOPBACK.contains(host.toLowerCase(Locale.ROOT))) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      response.setContentType("text/plain;charset=UTF-8");
      response
          .getOutputStream()
          .write(
              ("In development without gatehouse.openid-provider.issuer, the OpenID provider"
                      + " answers at a loopback address only (127.0.0.1, [::1], localhost): set"
                      + " the issuer to serve it at another address.")
                  .getBytes(StandardCharsets.UTF_8));
      return;
    }
    chain.doFilter(request, response);
  }
}
