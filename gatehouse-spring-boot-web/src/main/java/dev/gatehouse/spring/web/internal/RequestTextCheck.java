package dev.gatehouse.spring.web.internal;

import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.PermissionFirst;
import dev.gatehouse.spring.web.internal.shared.RequestText;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@link RequestText}'s rule for what a contract route takes from the address: its path variables
 * and its parameters (query, and form fields the container parsed), checked before the route runs;
 * a refusal is answered by {@link ContractExceptionResolver} in the route's contract's shape, after
 * the permission of a {@link PermissionFirst} controller. The JSON bodies are checked where they
 * are read. Thread-safe.
 */
final class RequestTextCheck implements HandlerInterceptor, WebMvcConfigurer {

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this);
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!ContractExceptionResolver.ours(handler)) {
      return true;
    }
    try {
      check(request);
    } catch (ApiException refused) {
      if (((HandlerMethod) handler).getBean() instanceof PermissionFirst routes) {
        routes.requirePermission(request);
      }
      throw refused;
    }
    return true;
  }

  private static void check(HttpServletRequest request) {
    if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)
        instanceof Map<?, ?> variables) {
      variables.forEach((name, value) -> RequestText.check((String) name, (String) value));
    }
    request
        .getParameterMap()
        .forEach(
            (name, values) -> {
              RequestText.check("parameters", name);
              for (String value : values) {
                RequestText.check(name, value);
              }
            });
  }
}
