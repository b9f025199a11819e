package dev.gatehouse.spring.web.internal.modules;

import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.ModuleRoute.Access;
import dev.gatehouse.core.module.ModuleRoute.Answer;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.ModuleRouteTable;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.Reply;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.http.HttpHeaders;
import org.springframework.util.ReflectionUtils;
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
 * stops the start, naming both.
 */
public final class ModuleRoutes implements SmartInitializingSingleton {
  private static final Method HANDLE =
      ReflectionUtils.findMethod(
          Endpoint.class, "handle", HttpServletRequest.class, HttpServletResponse.class);

  private final ModuleRouteTable table;
  private final ContractSupport support;
  private final RequestMappingHandlerMapping mapping;

  /**
   * @param table the routes to serve
   * @param support what the contract's routes share (the facade, the caller)
   * @param mapping Spring MVC's mapping of the controllers' routes
   */
  public ModuleRoutes(
      ModuleRouteTable table, ContractSupport support, RequestMappingHandlerMapping mapping) {
    this.table = table;
    this.support = support;
    this.mapping = mapping;
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
      mapping.registerMapping(info, new Endpoint(served.route(), support), HANDLE);
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
   * One module route's handler: reads the request as the contract's routes read theirs, checks the
   * caller of a {@link Access#SIGNED_IN} route, calls the module's handler with its feature, and
   * writes the answer as JSON.
   */
  public static final class Endpoint {
    private final ModuleRoute<?> route;
    private final ContractSupport support;

    Endpoint(ModuleRoute<?> route, ContractSupport support) {
      this.route = route;
      this.support = support;
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
      Map<String, Object> body =
          route.method().equals("GET")
              ? Map.of()
              : ContractJson.MAPPER.convertValue(
                  ContractJson.read(request).node(),
                  ContractJson.MAPPER
                      .getTypeFactory()
                      .constructMapType(LinkedHashMap.class, String.class, Object.class));
      ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
      ModuleRoute.Request call =
          new ModuleRoute.Request(body, variables(request), query(request), caller, client);
      Answer answer = route.handle(support.gatehouse().feature(route.service()), call);
      reply(answer).send(response);
    }

    private static Reply reply(Answer answer) {
      if (answer.status() == 204) {
        return new Reply(204, null, null, HttpHeaders.CACHE_CONTROL, "no-store");
      }
      return Replies.of(answer.status(), answer.body());
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
}
