package dev.gatehouse.spring.web.internal;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.module.ModuleCredential;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SignedInCaller;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.ImpersonationRule;
import dev.gatehouse.spring.web.internal.shared.Problems;
import dev.gatehouse.spring.web.internal.shared.ProtocolError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The host's own routes for a request carrying a module's header credential ({@link
 * ModuleCredential}, an API key in {@code X-API-Key}, say): one filter for every installed module's
 * credential, before the bearer-token filter. Outside the contract's routes (which stay
 * bearer-only, and ignore the header), a request with one such header is authenticated by {@code
 * SessionService#verifyModuleCredential} — the module's check through the sign-in pipeline's
 * checks, audited and counted — and its caller read by the one rule ({@link SignedInCaller}): the
 * chain's converter turns the caller's claims (those a bearer token of the account carries, {@code
 * amr} the credential's method) into the same principal, roles and scopes a bearer gets, and a
 * session in which someone acts for the user only reads ({@link ImpersonationRule}). A refusal is
 * answered at once in the contract's shape: the check's code and its kind's status (a module's
 * wrong credential a 401, {@code rate_limited} a 429 with {@code Retry-After}).
 *
 * <p>A request carrying a module's credential and a bearer token (an {@code Authorization} header),
 * or two modules' credentials, is refused (400 {@code bad_request}, RFC 6750's one method per
 * request): which of two credentials a request stands for is never guessed. A browser's session
 * cookie beside a module's credential is not read (the credential authenticates), though the chain
 * still asks a change sent with a session cookie for the session's CSRF token.
 */
public final class ModuleCredentialCallers extends OncePerRequestFilter {
  private static final MappedJwtClaimSetConverter CLAIMS =
      MappedJwtClaimSetConverter.withDefaults(Collections.emptyMap());

  private final Gatehouse gatehouse;
  private final List<String> headers;
  private final JwtAuthenticationConverter converter;
  private final @Nullable ContractPaths contract;
  private final Predicate<HttpServletRequest> impersonationAllowed;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  private ModuleCredentialCallers(
      Gatehouse gatehouse,
      List<String> headers,
      JwtAuthenticationConverter converter,
      @Nullable ContractPaths contract,
      List<String> impersonationAllowed) {
    this.gatehouse = gatehouse;
    this.headers = headers;
    this.converter = converter;
    this.contract = contract;
    this.impersonationAllowed = ImpersonationAllowed.of(impersonationAllowed);
  }

  /**
   * Adds the filter before the bearer-token filter when an installed module declares a header
   * credential; does nothing otherwise.
   *
   * @param http the chain's builder
   * @param gatehouse the facade, whose installed modules declare the credentials
   * @param converter the chain's converter
   * @param contract where the contract lives, or {@code null}
   * @param impersonationAllowed {@code gatehouse.http.impersonation-allowed}
   */
  public static void applyTo(
      HttpSecurity http,
      Gatehouse gatehouse,
      JwtAuthenticationConverter converter,
      @Nullable ContractPaths contract,
      List<String> impersonationAllowed) {
    List<String> headers = new ArrayList<>();
    for (ModuleManifest manifest : gatehouse.modules()) {
      for (ModuleCredential<?> credential : manifest.credentials()) {
        headers.add(credential.header());
      }
    }
    if (headers.isEmpty()) {
      return;
    }
    http.addFilterBefore(
        new ModuleCredentialCallers(
            gatehouse, List.copyOf(headers), converter, contract, impersonationAllowed),
        BearerTokenAuthenticationFilter.class);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (contract != null && contract.covers(request)) {
      chain.doFilter(request, response);
      return;
    }
    String header = null;
    int presented = 0;
    for (String name : headers) {
      if (request.getHeader(name) != null) {
        header = name;
        presented++;
      }
    }
    if (header == null) {
      chain.doFilter(request, response);
      return;
    }
    if (presented > 1 || request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
      Problems.of(
              ProtocolError.BAD_REQUEST,
              "a request carries one credential: a bearer token or one module's, not two")
          .send(response);
      return;
    }
    VerifiedAccessToken verified;
    try {
      verified =
          gatehouse
              .sessions()
              .verifyModuleCredential(
                  header, request.getHeader(header), ContractSupport.anonymous(request));
    } catch (AuthException refused) {
      Problems.of(refused).send(response);
      return;
    }
    SignedInCaller caller = SignedInCaller.of(verified);
    if (ImpersonationRule.refuses(request, caller.acting(), impersonationAllowed)) {
      Problems.write(
          response,
          ErrorCode.IMPERSONATION_REFUSED,
          "a session in which someone acts for the account may not make this change");
      return;
    }
    AbstractAuthenticationToken authentication = converter.convert(jwt(caller.token()));
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(authentication);
    contexts.setContext(context);
    chain.doFilter(request, response);
  }

  /**
   * The caller's claims as the chain's converter reads a bearer's. Its token value is the reading's
   * {@code jti}, not a token: the request carried none, and there is nothing to forward.
   */
  private static Jwt jwt(VerifiedAccessToken verified) {
    Map<String, Object> claims = CLAIMS.convert(verified.claims());
    return Jwt.withTokenValue(verified.jwtId())
        .header("kid", verified.keyId())
        .claims(c -> c.putAll(claims))
        .build();
  }
}
