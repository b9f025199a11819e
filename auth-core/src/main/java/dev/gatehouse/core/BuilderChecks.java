package dev.gatehouse.core;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ModuleSettings;
import dev.gatehouse.core.config.Setting;
import dev.gatehouse.core.config.SetupAdvice;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.module.ModuleCredential;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleRoute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a builder's set must satisfy as a whole, checked before anything is built: each part a
 * setting or a provider needs is there. A part's own checks stay with the part.
 */
final class BuilderChecks {
  /**
   * The name the magic-link module installs under ({@code auth-magic-link}'s {@code MagicLinks}).
   */
  static final String MAGIC_LINK_MODULE = "magic-link";

  /** The name the social module installs under ({@code auth-social}'s {@code SocialSignIn}). */
  static final String SOCIAL_MODULE = "social";

  /** The name the legacy module installs under ({@code auth-legacy}'s {@code LegacyCutOver}). */
  static final String LEGACY_MODULE = "legacy";

  private BuilderChecks() {}

  /**
   * @param b the builder, all its setters run
   * @throws ConfigurationException naming what is missing and how to provide it
   */
  static void check(Gatehouse.Builder b) {
    moduleOrder(b);
    routes(b);
    credentials(b);
    for (ModuleSettings module : GatehouseConfig.moduleSettings()) {
      if (b.modules.contains(module.module())) {
        continue;
      }
      for (Setting<?> setting : module.needModule()) {
        Object value = b.config.get(setting);
        if (value != null && !value.equals(setting.defaultValue())) {
          throw new ConfigurationException(
              setting.key()
                  + (value instanceof Boolean ? " is on" : " is set")
                  + " but the "
                  + module.module()
                  + " module is not installed"
                  + advice(b, module.module()));
        }
      }
    }
  }

  /**
   * Every module's routes together: no two of the same method and path, and each route's service a
   * feature of the builder, so the web module finds what every route calls.
   */
  private static void routes(Gatehouse.Builder b) {
    Map<String, String> owners = new HashMap<>();
    for (ModuleManifest manifest : b.manifests) {
      for (ModuleRoute<?> route : manifest.routes()) {
        String key = route.method() + " " + route.path();
        String owner = owners.putIfAbsent(key, manifest.module());
        if (owner != null) {
          throw new ConfigurationException(
              "the route "
                  + key
                  + " is declared by the module "
                  + owner
                  + " and by the module "
                  + manifest.module()
                  + "; a route has one module");
        }
        if (!b.features.containsKey(route.service())) {
          throw new ConfigurationException(
              "the route "
                  + key
                  + " of the module "
                  + manifest.module()
                  + " calls "
                  + route.service().getName()
                  + ", which no feature of the builder provides (Gatehouse.Builder#feature)");
        }
      }
    }
  }

  /**
   * Every module's request-header credentials together: no two of one header, and each one's
   * service a feature of the builder, so the web module finds what every credential calls.
   */
  private static void credentials(Gatehouse.Builder b) {
    Map<String, String> owners = new HashMap<>();
    for (ModuleManifest manifest : b.manifests) {
      for (ModuleCredential<?> credential : manifest.credentials()) {
        String header = credential.header().toLowerCase(Locale.ROOT);
        String owner = owners.putIfAbsent(header, manifest.module());
        if (owner != null) {
          throw new ConfigurationException(
              "the credential header "
                  + credential.header()
                  + " is declared by the module "
                  + owner
                  + " and by the module "
                  + manifest.module()
                  + "; a header has one module");
        }
        if (!b.features.containsKey(credential.service())) {
          throw new ConfigurationException(
              "the credential header "
                  + credential.header()
                  + " of the module "
                  + manifest.module()
                  + " calls "
                  + credential.service().getName()
                  + ", which no feature of the builder provides (Gatehouse.Builder#feature)");
        }
      }
    }
  }

  /**
   * The installed modules' names, each after the modules its manifest requires and otherwise in the
   * order they were installed: the order their features are built in.
   *
   * @param b the builder, all its modules installed
   * @return the names
   * @throws ConfigurationException when a module requires one that is not installed, naming both,
   *     or modules require each other in a circle, naming it
   */
  static List<String> moduleOrder(Gatehouse.Builder b) {
    Map<String, ModuleManifest> byName = new LinkedHashMap<>();
    b.manifests.forEach(m -> byName.put(m.module(), m));
    Set<String> ordered = new LinkedHashSet<>();
    for (String module : byName.keySet()) {
      visit(module, byName, new ArrayList<>(), ordered);
    }
    return List.copyOf(ordered);
  }

  private static void visit(
      String module, Map<String, ModuleManifest> byName, List<String> path, Set<String> ordered) {
    if (ordered.contains(module)) {
      return;
    }
    if (path.contains(module)) {
      throw new ConfigurationException(
          "the modules "
              + String.join(" -> ", path.subList(path.indexOf(module), path.size()))
              + " -> "
              + module
              + " require each other in a circle; a module cannot be built before itself");
    }
    path.add(module);
    for (String required : byName.get(module).requires()) {
      if (!byName.containsKey(required)) {
        throw new ConfigurationException(
            "the module "
                + module
                + " requires the module "
                + required
                + ", which is not installed; install it (its jar on the class path, or"
                + " Gatehouse.Builder#install)");
      }
      visit(required, byName, path, ordered);
    }
    path.remove(path.size() - 1);
    ordered.add(module);
  }

  /** How to install a module, when the host's setup advice knows it. */
  private static String advice(Gatehouse.Builder b, String module) {
    return switch (module) {
      case MAGIC_LINK_MODULE -> ": " + b.setupAdvice.fix(SetupAdvice.Part.MAGIC_LINK_MODULE);
      case SOCIAL_MODULE -> ": " + b.setupAdvice.fix(SetupAdvice.Part.SOCIAL_MODULE);
      case LEGACY_MODULE -> ": " + b.setupAdvice.fix(SetupAdvice.Part.LEGACY_MODULE);
      default -> "";
    };
  }
}
