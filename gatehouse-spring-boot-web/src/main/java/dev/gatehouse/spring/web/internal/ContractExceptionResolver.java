package dev.gatehouse.spring.web.internal;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.spring.web.config.GatehouseHttpProperties;
import dev.gatehouse.spring.web.internal.drf.JbErrors;
import dev.gatehouse.spring.web.internal.fastapiusers.FastApiUsersController;
import dev.gatehouse.spring.web.internal.fastapiusers.FuErrors;
import dev.gatehouse.spring.web.internal.jbdrfauth.JbSupport;
import dev.gatehouse.spring.web.internal.modules.ModuleRoutes;
import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.Problems;
import dev.gatehouse.spring.web.internal.shared.ProtocolError;
import dev.gatehouse.spring.web.internal.shared.Reply;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import dev.gatehouse.spring.web.internal.simplejwt.SimpleJwtController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers every error of the contract in its shapes: Gatehouse's refusals, the contract's own
 * (malformed JSON, 415), and Spring MVC's (404 for an unknown route under the base path, 405, ...).
 * Gatehouse's contract answers problem details; a peer's contract ({@code jb-drf-auth}, {@code
 * fastapi-users}) answers its peer's shapes on its own routes and on the routes it does not have,
 * while the routes every contract serves beside (second factors, passkeys) keep their problem
 * details. Runs before any other resolver, and only for the contract's controllers and paths, so a
 * host's own error handling is never taken over.
 */
public final class ContractExceptionResolver implements HandlerExceptionResolver, Ordered {
  private static final Logger LOG = LoggerFactory.getLogger(ContractExceptionResolver.class);

  private final ContractPaths paths;
  private final String contract;

  /**
   * @param paths the contract's paths, or {@code null} to answer only for the controllers (when
   *     simplejwt's views are served without a contract)
   * @param contract the contract the routes speak ({@code gatehouse.http.contract}), whose shapes
   *     answer errors that no route handled (an unknown route or method under the base path)
   */
  public ContractExceptionResolver(ContractPaths paths, String contract) {
    this.paths = paths;
    this.contract = contract;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public ModelAndView resolveException(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    boolean ours =
        handler instanceof HandlerMethod ? ours(handler) : paths != null && paths.covers(request);
    if (!ours || response.isCommitted()) {
      return null;
    }
    Reply answer =
        switch (rendering(handler)) {
          case GatehouseHttpProperties.CONTRACT_JB_DRF_AUTH -> JbErrors.answer(ex);
          case GatehouseHttpProperties.CONTRACT_FASTAPI_USERS -> FuErrors.answer(ex);
          default -> answer(ex);
        };
    try {
      // Only the body is discarded, not the headers: CORS's (without them a cross-origin client
      // cannot read the problem), the eagerly written security headers and a host's tracing headers
      // stay. The routes set nothing before they answer; the problem's own headers replace any of
      // the same name (Reply sets them), and the two a route's answer carries that a problem never
      // replaces are removed (a null value removes a header, Servlet 6.1).
      response.resetBuffer();
      response.setHeader(HttpHeaders.LOCATION, null);
      response.setHeader(HttpHeaders.SET_COOKIE, null);
      answer.send(response);
    } catch (IOException e) {
      LOG.debug("could not write the problem answer", e);
    }
    return new ModelAndView();
  }

  /**
   * Whether a handler is one of the contract's routes (a controller of this package or below).
   *
   * @param handler the handler Spring MVC chose
   * @return whether it is the contract's
   */
  static boolean ours(Object handler) {
    return handler instanceof HandlerMethod hm
        && (hm.getBeanType().getPackageName() + ".")
            .startsWith(ContractExceptionResolver.class.getPackageName() + ".");
  }

  /**
   * Whose shapes answer: a peer contract's controller its peer's; the routes Gatehouse serves
   * beside a peer's (second factors, passkeys) their problem details; an error no route handled (an
   * unknown route or method) and a module's route the configured contract's.
   */
  private String rendering(Object handler) {
    if (handler instanceof HandlerMethod hm) {
      Class<?> type = hm.getBeanType();
      if (JbSupport.CONTROLLERS.contains(type)) {
        return GatehouseHttpProperties.CONTRACT_JB_DRF_AUTH;
      }
      // FastApiUsersController, and FuAdminController beside it when auth-admin is there.
      if (type.getPackageName().equals(FastApiUsersController.class.getPackageName())) {
        return GatehouseHttpProperties.CONTRACT_FASTAPI_USERS;
      }
      if (type == ModuleRoutes.Endpoint.class) {
        // A module's route speaks the configured contract, as if it were one of its own.
        return contract;
      }
      if (type == SimpleJwtController.class) {
        // simplejwt's views answer as DRF does, beside any contract and without one.
        return GatehouseHttpProperties.CONTRACT_JB_DRF_AUTH;
      }
      return GatehouseHttpProperties.CONTRACT_GATEHOUSE;
    }
    return contract;
  }

  static Reply answer(Exception ex) {
    if (ex instanceof ApiException e) {
      return Problems.of(e);
    }
    if (ex instanceof SecondStepAnswer e) {
      return Problems.mfaRequired(e.error(), e.getMessage(), e.challenge());
    }
    if (ex instanceof AuthException e) {
      return Problems.of(e);
    }
    if (ex instanceof ErrorResponse e) {
      int status = e.getStatusCode().value();
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h : List.of(HttpHeaders.ALLOW, HttpHeaders.ACCEPT)) {
        String v = e.getHeaders().getFirst(h);
        if (v != null) {
          headers.put(h, String.join(", ", e.getHeaders().get(h)));
        }
      }
      return Problems.of(status, codeOf(status), detailOf(status), headers);
    }
    if (ex instanceof TypeMismatchException) {
      return Problems.of(ProtocolError.BAD_REQUEST, "a parameter has the wrong type");
    }
    LOG.error("unexpected failure in a Gatehouse route", ex);
    return Problems.of(ProtocolError.INTERNAL_ERROR, "internal error");
  }

  static String codeOf(int status) {
    return switch (status) {
      case 400, 404, 405, 406, 413, 415 -> ProtocolError.ofStatus(status).orElseThrow().code();
      default -> status >= 500 ? ProtocolError.INTERNAL_ERROR.code() : "http_" + status;
    };
  }

  static String detailOf(int status) {
    return switch (status) {
      case 404 -> "no such route";
      case 405 -> "method not allowed";
      case 406 -> "only application/json answers are available";
      case 415 -> "the body must be sent as application/json";
      default -> Problems.reason(status);
    };
  }
}
