package dev.gatehouse.spring.web.internal;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.spring.web.config.GatehouseHttpProperties;
import dev.gatehouse.spring.web.internal.drf.DrfException;
import dev.gatehouse.spring.web.internal.drf.JbErrors;
import dev.gatehouse.spring.web.internal.fastapiusers.FuErrors;
import dev.gatehouse.spring.web.internal.shared.Caller;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.Problems;
import dev.gatehouse.spring.web.internal.shared.Reply;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The security filters' 401 and 403 as problem details, with RFC 6750's {@code WWW-Authenticate}:
 * bare {@code Bearer} when the request carried no token, {@code error="invalid_token"} when it
 * carried a bad one, {@code error="insufficient_scope"} on a 403. Under the base path of a peer's
 * contract, the peer's answers instead: DRF's and simplejwt's for {@code jb-drf-auth}, FastAPI's
 * {@code {"detail": "Unauthorized"}} for {@code fastapi-users}. A token the database could not
 * check is no 401 but the error's own answer (503 {@code storage_failed}): {@link
 * #unavailableChecks()}.
 */
public final class ProblemEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {
  private final ContractPaths paths;
  private final String contract;

  /** The entry point of Gatehouse's own contract: problem details everywhere. */
  public ProblemEntryPoint() {
    this(null, GatehouseHttpProperties.CONTRACT_GATEHOUSE);
  }

  /**
   * @param paths where the contract's routes live, or {@code null} when it is not served
   * @param contract the contract they speak ({@code gatehouse.http.contract})
   */
  public ProblemEntryPoint(ContractPaths paths, String contract) {
    this.paths = paths;
    this.contract = contract;
  }

  /** Whether the request is answered in a peer contract's shapes, and which. */
  private boolean peer(HttpServletRequest request, String peer) {
    return paths != null && peer.equals(contract) && paths.covers(request);
  }

  @Override
  public void commence(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticationException authException)
      throws IOException {
    if (peer(request, GatehouseHttpProperties.CONTRACT_FASTAPI_USERS)) {
      // FastAPI-Users' Authenticator raises HTTPException(401) without headers.
      FuErrors.unauthorized().reply().send(response);
      return;
    }
    if (peer(request, GatehouseHttpProperties.CONTRACT_JB_DRF_AUTH)) {
      // simplejwt's JWTAuthentication refuses a bad token on every route, anonymous ones too.
      DrfException answer =
          Caller.bearer(request) == null
              ? JbErrors.notAuthenticated()
              : JbErrors.invalidAccessToken();
      answer.reply().send(response);
      return;
    }
    if (Caller.bearer(request) == null) {
      Problems.write(response, ErrorCode.UNAUTHORIZED, "an access token is required");
    } else {
      Problems.write(response, ErrorCode.INVALID_TOKEN, "The access token is invalid or expired");
    }
  }

  @Override
  public void handle(
      HttpServletRequest request,
      HttpServletResponse response,
      AccessDeniedException accessDeniedException)
      throws IOException {
    if (peer(request, GatehouseHttpProperties.CONTRACT_FASTAPI_USERS)) {
      FuErrors.forbidden().reply().send(response);
      return;
    }
    if (Caller.bearer(request) != null) {
      response.setHeader(
          HttpHeaders.WWW_AUTHENTICATE,
          Problems.BEARER
              + " error=\"insufficient_scope\", error_description=\"The access token does not"
              + " allow this request\"");
    }
    Problems.write(response, ErrorCode.FORBIDDEN, "the access token does not allow this request");
  }

  /**
   * A filter for before the bearer-token filter: a token check that failed because something
   * Gatehouse depends on is away (the decoder's {@link AuthenticationServiceException} caused by an
   * {@link ErrorCode.Kind#UNAVAILABLE} error, such as {@code storage_failed} while the database is
   * down or the pool exhausted) is answered as that error, 503 in the request's contract's shapes.
   * Spring Security rethrows such a failure past the entry point, and the container would answer it
   * 500.
   *
   * @return the filter
   */
  public Filter unavailableChecks() {
    return new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(
          HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        try {
          chain.doFilter(request, response);
        } catch (AuthenticationServiceException e) {
          AuthException cause = unavailable(e);
          if (cause == null || response.isCommitted()) {
            throw e;
          }
          Reply answer =
              peer(request, GatehouseHttpProperties.CONTRACT_FASTAPI_USERS)
                  ? FuErrors.answer(cause)
                  : peer(request, GatehouseHttpProperties.CONTRACT_JB_DRF_AUTH)
                      ? JbErrors.answer(cause)
                      : Problems.of(cause);
          answer.send(response);
        }
      }
    };
  }

  private static AuthException unavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AuthException a && a.error().kind() == ErrorCode.Kind.UNAVAILABLE) {
        return a;
      }
    }
    return null;
  }
}
