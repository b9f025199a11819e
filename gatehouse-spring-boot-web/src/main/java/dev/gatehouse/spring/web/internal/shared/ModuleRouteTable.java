package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The installed modules' routes ({@link ModuleRoute}, from {@link Gatehouse#modules()}) as the
 * contract serves them: each under the base path. The one list the routes are registered from and
 * Gatehouse's contract's OpenAPI document lists, so what is documented is what is served; in {@code
 * shared} so that a peer contract's document can list it too.
 *
 * @param routes the routes, in the order the modules were installed and declared them
 */
public record ModuleRouteTable(List<Served> routes) {
  /**
   * One served route.
   *
   * @param module the module that declared it
   * @param route its declaration
   * @param path its full path: the base path and the route's path
   */
  public record Served(String module, ModuleRoute<?> route, String path) {
    /**
     * {@return the operation id the route declares, else one made unique of the module, the method
     * and the path's words}
     */
    public String operationId() {
      if (route.operationId() != null) {
        return route.operationId();
      }
      StringBuilder b = new StringBuilder(module.replace('-', '_'));
      b.append('_').append(route.method().toLowerCase(Locale.ROOT));
      for (String segment : route.path().split("/")) {
        if (!segment.isEmpty()) {
          b.append('_').append(segment.replace("{", "").replace("}", "").replace('-', '_'));
        }
      }
      return b.toString();
    }

    /** {@return the path's variables, in order} */
    public List<String> variables() {
      List<String> names = new ArrayList<>();
      for (String segment : route.path().split("/")) {
        if (segment.startsWith("{")) {
          names.add(segment.substring(1, segment.length() - 1));
        }
      }
      return names;
    }

    /** {@return whether the route takes a JSON body: every method but GET} */
    public boolean takesBody() {
      return !route.method().equals("GET");
    }
  }

  /** Keeps an unmodifiable copy. */
  public ModuleRouteTable {
    routes = List.copyOf(routes);
  }

  /**
   * @param gatehouse the facade, whose installed modules declare the routes
   * @param paths the contract's paths
   * @return the table
   */
  public static ModuleRouteTable of(Gatehouse gatehouse, ContractPaths paths) {
    List<Served> served = new ArrayList<>();
    for (ModuleManifest manifest : gatehouse.modules()) {
      for (ModuleRoute<?> route : manifest.routes()) {
        served.add(new Served(manifest.module(), route, paths.basePath() + route.path()));
      }
    }
    return new ModuleRouteTable(served);
  }
}
