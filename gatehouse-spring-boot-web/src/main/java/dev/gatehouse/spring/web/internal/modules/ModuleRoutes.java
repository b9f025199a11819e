package dev.gatehouse.spring.web.internal.modules;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.module.Answer;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.ModuleRoute.Access;
import dev.gatehouse.core.module.ModuleRoute.Reads;
import dev.gatehouse.core.module.Request;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.web.browser.BrowserSignIn;
import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.JsonBody;
import dev.gatehouse.spring.web.internal.shared.ModuleRouteTable;
import dev.gatehouse.spring.web.internal.shared.ProtocolError;
import dev.gatehouse.spring.web.internal.shared.RecordJson;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.Reply;
import dev.gatehouse.spring.web.internal.shared.RequestText;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Serves every installed module's routes ({@link ModuleRouteTable}): once every bean is made, each
 * is registered with Spring MVC's handler mapping as an {@link Endpoint}, a route of the contract
 * like the controllers' (its path variables and parameters checked by {@code RequestTextCheck}, its
 * refusals answered by {@code ContractExceptionResolver} in the configured contract's shapes). A
 * module route with the method and path of a route already mapped (a built-in route, or the host's)
 * stops the start, naming both. A form route's sign-in and refusal go to the host's {@link
 * BrowserSignIn} when it has one.
 */
public final class ModuleRoutes implements SmartInitializingSingleton {
  private static final tools.jackson.databind.JavaType MEMBERS =
      ContractJson.MAPPER
          .getTypeFactory()
          .constructMapType(LinkedHashMap.class, String.class, Object.class);
  private static final Method HANDLE =
      ReflectionUtils.findMethod(
          Endpoint.class, "handle", HttpServletRequest.class, HttpServletResponse.class);

  private final ModuleRouteTable table;
  private final ContractSupport support;
  private final RequestMappingHandlerMapping mapping;
  private final ObjectProvider<BrowserSignIn> browsers;

  /**
   * @param table the routes to serve
   * @param support what the contract's routes share (the facade, the caller)
   * @param mapping Spring MVC's mapping of the controllers' routes
   * @param browsers the host's browser sign-in, if it has one
   */
  public ModuleRoutes(
      ModuleRouteTable table,
      ContractSupport support,
      RequestMappingHandlerMapping mapping,
      ObjectProvider<BrowserSignIn> browsers) {
    this.table = table;
    this.support = support;
    this.mapping = mapping;
    this.browsers = browsers;
  }

  @Override
  public void afterSingletonsInstantiated() {
    for (ModuleRouteTable.Served served : table.routes()) {
      refuseShadowing(served);
      RequestMappingInfo info =
          RequestMappingInfo.paths(served.path())
              .methods(RequestMethod.valueOf(served.route().method()))
              .options(mapping.getBuilderConfiguration())
              .build();
      Endpoint endpoint =
          served.route().reads() == Reads.FORM
              ? new FormEndpoint(served.route(), support, browsers.getIfAvailable())
              : new Endpoint(served.route(), support, null);
      mapping.registerMapping(info, endpoint, HANDLE);
    }
  }

  /** A route of the same method and path already mapped would be taken by the module's. */
  private void refuseShadowing(ModuleRouteTable.Served served) {
    String wanted = template(served.path());
    RequestMethod method = RequestMethod.valueOf(served.route().method());
    mapping
        .getHandlerMethods()
        .forEach(
            (info, handler) -> {
              var methods = info.getMethodsCondition().getMethods();
              if (!methods.isEmpty() && !methods.contains(method)) {
                return;
              }
              for (String pattern : info.getPatternValues()) {
                if (template(pattern).equals(wanted)) {
                  throw new IllegalStateException(
                      "the route "
                          + method
                          + " "
                          + served.path()
                          + " of the module "
                          + served.module()
                          + " would take the route "
                          + method
                          + " "
                          + pattern
                          + " of "
                          + handler.getBeanType().getName()
                          + "#"
                          + handler.getMethod().getName()
                          + "; give the module's route another path");
                }
              }
            });
  }

  /** A path with its variables unnamed: two paths that match the same requests compare equal. */
  private static String template(String path) {
    return path.replaceAll("\\{[^}]*}", "{}");
  }

  /**
   * One module route's handler: reads the request as the contract's routes read theirs (a form
   * route's fields from its form body only, not its query), checks the caller of a {@link
   * Access#SIGNED_IN} route, calls the module's handler with its feature, and writes the answer: as
   * JSON, a 303 redirect, or a sign-in (the contract's login, or the browser's landing).
   */
  public static class Endpoint {
    private final ModuleRoute<?> route;
    private final ContractSupport support;
    private final @Nullable BrowserSignIn browser;

    Endpoint(ModuleRoute<?> route, ContractSupport support, @Nullable BrowserSignIn browser) {
      this.route = route;
      this.support = support;
      this.browser = browser;
    }

    /**
     * @param request the request
     * @param response the response
     * @throws IOException when the answer cannot be written
     */
    public void handle(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      // The caller first: a signed-in route without a valid token answers 401, whatever its body.
      Optional<VerifiedAccessToken> caller =
          route.access() == Access.SIGNED_IN
              ? Optional.of(support.liveCaller(request))
              : Optional.empty();
      Map<String, Object> body;
      Object input;
      ClientInfo client;
      if (route.method().equals("GET")) {
        body = Map.of();
        input = body;
        client = ContractSupport.client(request, SessionService.CLIENT_WEB);
      } else if (route.reads() == Reads.FORM) {
        body = form(request);
        input = body;
        client = ContractSupport.client(request, SessionService.CLIENT_WEB);
      } else {
        JsonBody json = ContractJson.read(request);
        body = ContractJson.MAPPER.convertValue(json.node(), MEMBERS);
        input = route.takes() == Map.class ? body : RecordJson.read(json.node(), route.takes());
        // A route that signs in reads its client as every sign-in route does.
        client =
            route.answers() == SignInResult.class
                ? ContractSupport.loginClient(request, json)
                : ContractSupport.client(request, SessionService.CLIENT_WEB);
      }
      Request call =
          new Request(
              body,
              variables(request),
              query(request),
              caller,
              client,
              cookies(request),
              headers(request));
      Answer answer;
      try {
        answer = route.handle(support.gatehouse().feature(route.service()), input, call);
      } catch (AuthException refusal) {
        if (browser == null) {
          throw refusal;
        }
        seeOther(browser.refused(request, response, refusal)).send(response);
        return;
      }
      reply(answer, request, response, client).send(response);
    }

    private Reply reply(
        Answer answer,
        HttpServletRequest request,
        HttpServletResponse response,
        ClientInfo client) {
      if (answer.signIn() != null) {
        if (browser != null) {
          return seeOther(browser.signedIn(request, response, answer.signIn()));
        }
        return support.loginAnswer(client, SecondStepAnswer.signedIn(answer.signIn()));
      }
      if (answer.location() != null) {
        return seeOther(answer.location());
      }
      if (answer.status() == 204) {
        return Replies.noContent(answer.headers());
      }
      if (route.answers() != Map.class && !route.answers().isInstance(answer.body())) {
        throw new IllegalStateException(
            "the route "
                + route.method()
                + " "
                + route.path()
                + " answers "
                + route.answers().getName()
                + ", not "
                + answer.body().getClass().getName());
      }
      return Replies.of(answer.status(), RecordJson.write(answer.body()), answer.headers());
    }

    private static Reply seeOther(URI location) {
      return new Reply(
          303,
          null,
          null,
          HttpHeaders.LOCATION,
          location.toASCIIString(),
          HttpHeaders.CACHE_CONTROL,
          "no-store");
    }

    /**
     * A form route's fields: the parameters the servlet container read from the form body, without
     * those of the query (which come first in each parameter's values).
     */
    private static Map<String, Object> form(HttpServletRequest request) {
      if (request.getContentLengthLong() > ContractJson.MAX_BODY_BYTES) {
        throw new ApiException(ProtocolError.BODY_TOO_LARGE, "the form is larger than the limit");
      }
      if (!isForm(request.getContentType())) {
        if (request.getContentLengthLong() <= 0) {
          return Map.of();
        }
        throw new ApiException(
            ProtocolError.UNSUPPORTED_MEDIA_TYPE,
            "the body must be sent as application/x-www-form-urlencoded");
      }
      Map<String, Integer> inQuery = new HashMap<>();
      String q = request.getQueryString();
      if (q != null) {
        for (String pair : q.split("&")) {
          int eq = pair.indexOf('=');
          String name =
              URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          inQuery.merge(name, 1, Integer::sum);
        }
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      request
          .getParameterMap()
          .forEach(
              (name, values) -> {
                int skip = inQuery.getOrDefault(name, 0);
                if (values.length > skip) {
                  fields.put(name, values[skip]);
                }
              });
      return fields;
    }

    private static boolean isForm(@Nullable String contentType) {
      if (contentType == null) {
        return false;
      }
      try {
        return MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(
            MediaType.parseMediaType(contentType));
      } catch (InvalidMediaTypeException e) {
        return false;
      }
    }

    private static Map<String, String> cookies(HttpServletRequest request) {
      Cookie[] cookies = request.getCookies();
      if (cookies == null) {
        return Map.of();
      }
      Map<String, String> byName = new LinkedHashMap<>();
      for (Cookie c : cookies) {
        byName.putIfAbsent(c.getName(), c.getValue());
      }
      return byName;
    }

    /**
     * The request's headers a handler may read, by lower-case name: all but those the caller rule
     * and the cookies read, each refused with a control character as any text a request brings.
     */
    private static Map<String, String> headers(HttpServletRequest request) {
      Map<String, String> byName = new LinkedHashMap<>();
      for (String name : Collections.list(request.getHeaderNames())) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("authorization") || lower.equals("cookie") || byName.containsKey(lower)) {
          continue;
        }
        String value = request.getHeader(name);
        RequestText.check(lower, value);
        byName.put(lower, value);
      }
      return byName;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> variables(HttpServletRequest request) {
      Object v = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
      return v instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    }

    private static Map<String, String> query(HttpServletRequest request) {
      Map<String, String> query = new LinkedHashMap<>();
      request.getParameterMap().forEach((name, values) -> query.put(name, values[0]));
      return query;
    }
  }

  /**
   * A form route's handler. It takes navigations from any site (an identity provider's page posting
   * its form), so Spring MVC's check of the contract's origins, which covers every path under the
   * base path, is widened for it alone (the contract's CORS filter leaves it out too): no
   * credentials are allowed, so no site reads an answer made with the browser's cookies, and the
   * handler checks what binds the post to the browser.
   */
  @CrossOrigin(originPatterns = "*", methods = RequestMethod.POST, allowCredentials = "false")
  static final class FormEndpoint extends Endpoint {
    FormEndpoint(ModuleRoute<?> route, ContractSupport support, @Nullable BrowserSignIn browser) {
      super(route, support, browser);
    }
  }
}
