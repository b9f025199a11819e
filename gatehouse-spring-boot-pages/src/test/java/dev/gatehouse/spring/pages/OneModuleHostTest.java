package dev.gatehouse.spring.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.spring.boot.GatehouseAutoConfiguration;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A Spring host with one Gatehouse module on its class path (with what that module's jar brings
 * along) starts, whichever module it is (issue 95, item 4): the class path lists the host's module
 * before the ones it depends on, as Maven orders a host's dependencies, so a module that requires
 * another is found first; the builder builds the one required first. Before, a host with only
 * {@code auth-saml} failed, its module built before the organisations' it signs in through. Every
 * feature module on this module's test class path is tried; {@code auth-pictures}, {@code
 * auth-passkeys} and {@code auth-legacy} are not on it (the web module's optional or test
 * dependencies), and require no other module.
 */
class OneModuleHostTest {
  /** Each feature module's Maven artifact, its package, and the modules its jar brings along. */
  private static final Map<String, List<String>> JARS =
      Map.of(
          "auth-magic-link", List.of(),
          "auth-admin", List.of(),
          "auth-mfa", List.of(),
          "auth-pictures", List.of(),
          "auth-passkeys", List.of(),
          "auth-social", List.of(),
          "auth-legacy", List.of(),
          "auth-cohorts", List.of(),
          "auth-organizations", List.of("auth-social"),
          "auth-saml", List.of("auth-organizations", "auth-social"));

  private static final Map<String, String> PACKAGES =
      Map.of(
          "auth-magic-link", "dev.gatehouse.magiclink.",
          "auth-admin", "dev.gatehouse.admin.",
          "auth-mfa", "dev.gatehouse.mfa.",
          "auth-pictures", "dev.gatehouse.pictures.",
          "auth-passkeys", "dev.gatehouse.passkeys.",
          "auth-social", "dev.gatehouse.social.",
          "auth-legacy", "dev.gatehouse.legacy.",
          "auth-cohorts", "dev.gatehouse.cohorts.",
          "auth-organizations", "dev.gatehouse.organizations.",
          "auth-saml", "dev.gatehouse.saml.");

  /** The names the modules install under, as each host's Gatehouse lists them. */
  private static final Map<String, Set<String>> INSTALLED =
      Map.of(
          "auth-magic-link", Set.of("magic-link"),
          "auth-admin", Set.of("admin"),
          "auth-mfa", Set.of("second-factors"),
          "auth-social", Set.of("social"),
          "auth-organizations", Set.of("organizations", "social"),
          "auth-saml", Set.of("saml", "organizations", "social"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "auth-saml",
        "auth-organizations",
        "auth-magic-link",
        "auth-admin",
        "auth-mfa",
        "auth-social"
      })
  void aHostWithOneModuleOnItsClassPathStarts(String artifact) {
    List<String> jars = new ArrayList<>();
    jars.add(artifact);
    jars.addAll(JARS.get(artifact));
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(GatehouseAutoConfiguration.class))
        .withBean(AuthStore.class, InMemoryAuthStore::new)
        .withPropertyValues("gatehouse.secret-key=one-module-host-secret-0123456789abcdef")
        .withClassLoader(new OnlyJars(jars, getClass().getClassLoader()))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Gatehouse.class).modules())
                  .extracting(ModuleManifest::module)
                  .containsExactlyInAnyOrderElementsOf(INSTALLED.get(artifact));
            });
  }

  /**
   * The class path of a host that declared {@code jars} in that order: the other feature modules'
   * classes are not there, and the modules' service files are listed in that order.
   */
  private static final class OnlyJars extends ClassLoader {
    private static final String MODULES = "META-INF/services/dev.gatehouse.core.GatehouseModule";
    private final List<String> jars;
    private final List<String> hidden = new ArrayList<>();

    OnlyJars(List<String> jars, ClassLoader parent) {
      super(parent);
      this.jars = jars;
      PACKAGES.forEach(
          (jar, pkg) -> {
            if (!jars.contains(jar)) {
              hidden.add(pkg);
            }
          });
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (hidden.stream().anyMatch(name::startsWith)) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      if (!name.equals(MODULES)) {
        return super.getResources(name);
      }
      List<URL> all = Collections.list(super.getResources(name));
      List<URL> ordered = new ArrayList<>();
      for (String jar : jars) {
        Pattern of = Pattern.compile("[/\\\\]" + Pattern.quote(jar) + "([/\\\\]|-\\d)");
        all.stream().filter(u -> of.matcher(u.toString()).find()).forEach(ordered::add);
      }
      return Collections.enumeration(ordered);
    }
  }
}
