package dev.gatehouse.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.legacy.LegacyCutOver;
import dev.gatehouse.social.SocialSignIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The module and package rules of {@code docs/ARCHITECTURE.md}, checked on the classes of every
 * reactor module. This module depends on every other one (at test scope, without their own
 * dependencies), so the reactor builds them first and Maven hands it their jars; the rules read the
 * classes from this test's class path, never from another module's {@code target} directory. A
 * module's test code is checked from its sources (its compiled tests are in no jar).
 *
 * <pre>
 * mvn -B -q -pl architecture-tests -am verify -Dtest='ArchitectureTest*' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>Run alone ({@code -pl architecture-tests} without {@code -am}) it checks the modules' jars in
 * the local repository, as Maven resolves them.
 *
 * <p>A new module must be added to {@link Module} and to this module's dependencies; {@link
 * #everyReactorModuleIsChecked()} fails until it is.
 */
class ArchitectureTest {

  /**
   * Every module of the reactor (except the BOMs and the archetype) and the package its code lives
   * under.
   */
  enum Module {
    DELIVERY_SPI("auth-delivery-spi", "dev.gatehouse.delivery", true),
    SMS_SPI("auth-sms-spi", "dev.gatehouse.sms", true),
    EMAIL_SPI("auth-email-spi", "dev.gatehouse.email", true),
    CORE("auth-core", "dev.gatehouse.core", false),
    TESTING("auth-testing", "dev.gatehouse.testing", false),
    JPA("auth-jpa", "dev.gatehouse.jpa", false),
    IMPORT("auth-import", "dev.gatehouse.imports", false),
    SMS_TWILIO("auth-sms-twilio", "dev.gatehouse.sms.twilio", false),
    REDIS("auth-redis", "dev.gatehouse.redis", false),
    ARGON2_NATIVE("auth-argon2-native", "dev.gatehouse.argon2", false),
    EMAIL_SMTP("auth-email-smtp", "dev.gatehouse.email.smtp", false),
    SOCIAL("auth-social", "dev.gatehouse.social", false),
    PASSKEYS("auth-passkeys", "dev.gatehouse.passkeys", false),
    MFA("auth-mfa", "dev.gatehouse.mfa", false),
    MAGIC_LINK("auth-magic-link", "dev.gatehouse.magiclink", false),
    PICTURES("auth-pictures", "dev.gatehouse.pictures", false),
    LEGACY("auth-legacy", "dev.gatehouse.legacy", false),
    ADMIN("auth-admin", "dev.gatehouse.admin", false),
    COHORTS("auth-cohorts", "dev.gatehouse.cohorts", false),
    COHORTS_PROXY("auth-cohorts-proxy", "dev.gatehouse.cohorts.proxy", false),
    ORGANIZATIONS("auth-organizations", "dev.gatehouse.organizations", false),
    SAML("auth-saml", "dev.gatehouse.saml", false),
    SCIM("auth-scim", "dev.gatehouse.scim", false),
    SPRING_BOOT_AUTOCONFIGURE(
        "gatehouse-spring-boot-autoconfigure", "dev.gatehouse.spring.boot", false),
    SPRING_WEB("gatehouse-spring-boot-web", "dev.gatehouse.spring.web", false),
    SPRING_PAGES("gatehouse-spring-boot-pages", "dev.gatehouse.spring.pages", false),
    SPRING_AUTHORIZATION_SERVER(
        "gatehouse-spring-boot-authorization-server",
        "dev.gatehouse.spring.authorizationserver",
        false),
    SPRING_BOOT_STARTER(
        "gatehouse-spring-boot-starter", "dev.gatehouse.spring.boot.starter", false),
    SPRING_BOOT_TEST("gatehouse-spring-boot-test", "dev.gatehouse.spring.boot.test", false),
    SPRING_BOOT_4_0_TESTS("spring-boot-4.0-tests", "dev.gatehouse.spring.compat", false),
    HIBERNATE_7_1_TESTS("hibernate-7.1-tests", "dev.gatehouse.jpa.compat", false),
    EXAMPLES("examples", "dev.gatehouse.examples", false),
    BENCHMARKS("benchmarks", "dev.gatehouse.bench", false),
    ARCHITECTURE_TESTS("architecture-tests", "dev.gatehouse.architecture", false);

    final String directory;
    final String rootPackage;
    final boolean spi;

    /** The root package and any package the module owns outside it. */
    final List<String> packages;

    Module(String directory, String rootPackage, boolean spi, String... outsideRoot) {
      this.directory = directory;
      this.rootPackage = rootPackage;
      this.spi = spi;
      List<String> all = new ArrayList<>(List.of(rootPackage));
      all.addAll(List.of(outsideRoot));
      this.packages = List.copyOf(all);
    }

    /** The longest of this module's packages that contains {@code packageName}, or null. */
    String packageHolding(String packageName) {
      String holder = null;
      for (String p : packages) {
        boolean inside = packageName.equals(p) || packageName.startsWith(p + ".");
        if (inside && (holder == null || p.length() > holder.length())) {
          holder = p;
        }
      }
      return holder;
    }

    /**
     * The module a package belongs to: the one with the longest root package that contains it
     * ({@code dev.gatehouse.sms.twilio.x} is auth-sms-twilio's, not auth-sms-spi's), or null.
     */
    static Module owning(String packageName) {
      Module owner = null;
      String ownersPackage = "";
      for (Module m : values()) {
        String holder = m.packageHolding(packageName);
        if (holder != null && holder.length() > ownersPackage.length()) {
          owner = m;
          ownersPackage = holder;
        }
      }
      return owner;
    }
  }

  private static final String INTERNAL_PACKAGES_ARE_NOT_API =
      "an `internal` package is not API (docs/ARCHITECTURE.md, Modules): only the module that owns it may use"
          + " it, in its main and its test code. Use the owning module's public API instead; if"
          + " what you need has no public form, add one to that module's API (a public factory,"
          + " builder or accessor) rather than importing its internal code";

  private static final String CYCLES_BREAK_LAYERING =
      "the packages of one module must form a one-way graph, so that each can be read, tested and"
          + " moved on its own. Break each cycle listed: move the shared type down into the package"
          + " both sides already depend on, or invert the edge with an interface owned by the lower"
          + " package (the store SPI and the event types exist for this) and implement it in the"
          + " upper one";

  // ---------------------------------------------------------------------------------------------
  // Rule 1: no package cycles inside a module's main code.
  //
  // The slices are a module's first-level packages, its root package among them
  // (packagesOf): a cycle between a module's public API in its root and the implementation in a
  // subpackage is a cycle like any other (auth-import's entry points and internal package had one,
  // so the types both share moved to dev.gatehouse.imports.api). In auth-core the root holds only
  // the Gatehouse facade, which wires every service package, so nothing may depend back on it
  // (coreNothingDependsOnTheFacadePackage).
  // ---------------------------------------------------------------------------------------------

  @Test
  void coreSubpackagesAreFreeOfCycles() {
    subpackagesAreFreeOfCycles(Module.CORE, false);
  }

  /**
   * A sign-in method on the SPI counts through the catalogue ({@code Counters#count}, {@code
   * record}, {@code reached}, {@code giveBack}), never by writing counter rows itself.
   */
  @Test
  void methodsOnTheSignInSpiCountOnlyThroughTheCatalogue() {
    for (Module method :
        List.of(
            Module.MAGIC_LINK,
            Module.SOCIAL,
            Module.LEGACY,
            Module.ADMIN,
            Module.COHORTS,
            Module.ORGANIZATIONS,
            Module.SAML,
            Module.SCIM,
            Module.SPRING_AUTHORIZATION_SERVER)) {
      noClasses()
          .should()
          .callMethod("dev.gatehouse.core.store.StoreTransaction", "counters")
          .as("a module on the sign-in SPI counts only through dev.gatehouse.core.signin.Counters")
          .because(
              "every counter, its maximum, window and lockout is declared once in the catalogue"
                  + " (docs/ARCHITECTURE.md, The path of a sign-in): a row counted by hand is a"
                  + " second, silent definition of a limit")
          .check(mainClasses(method));
    }
  }

  /**
   * A package and its own internal package are never a cycle: {@code core.session} using {@code
   * core.session.internal} while that uses {@code core.session} is one the slices above do not see
   * (both are one slice). A contract may use its implementation's helpers (the {@code Sealer} its
   * keys) as long as they do not use it back.
   */
  @Test
  void coreContractsAndTheirInternalPackageAreNoCycle() {
    JavaClasses core = mainClasses(Module.CORE);
    java.util.Map<String, List<String>> down = new java.util.TreeMap<>();
    java.util.Map<String, List<String>> up = new java.util.TreeMap<>();
    for (JavaClass c : core) {
      String pkg = c.getPackageName();
      for (var d : c.getDirectDependenciesFromSelf()) {
        String target = d.getTargetClass().getPackageName();
        if (target.equals(pkg + ".internal")) {
          down.computeIfAbsent(pkg, k -> new ArrayList<>()).add(d.getDescription());
        } else if (pkg.equals(target + ".internal")) {
          up.computeIfAbsent(target, k -> new ArrayList<>()).add(d.getDescription());
        }
      }
    }
    List<String> cycles = new ArrayList<>();
    for (String pkg : down.keySet()) {
      // The root builds everything (the wiring): its internal package is what it wires.
      if (up.containsKey(pkg) && !pkg.equals(Module.CORE.rootPackage)) {
        cycles.add(
            pkg + " <-> " + pkg + ".internal: " + down.get(pkg).get(0) + "; " + up.get(pkg).get(0));
      }
    }
    assertTrue(
        cycles.isEmpty(),
        () ->
            "a contract package and its own internal package use each other (move the shared part"
                + " into the contract, or have the implementation provide it):\n"
                + String.join("\n", cycles));
  }

  @Test
  void coreNothingDependsOnTheFacadePackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage(Module.CORE.rootPackage)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(Module.CORE.rootPackage)
        .as("no class of auth-core outside dev.gatehouse.core depends on dev.gatehouse.core")
        .because(
            "dev.gatehouse.core holds only the Gatehouse facade, which depends on every service"
                + " package; a package that uses the facade closes a cycle through all of them."
                + " Give the class the collaborator it needs (a service, the store, the clock, the"
                + " configuration) through its constructor, where the facade builds it")
        .check(mainClasses(Module.CORE));
  }

  /**
   * The services' implementations and the collaborators they share are built in one place: reading
   * GatehouseWiring shows every dependency, and no class builds a second copy with other parts.
   */
  @Test
  void coreServicesAreBuiltOnlyByTheWiring() {
    JavaClasses core = mainClasses(Module.CORE);
    String wiring = Module.CORE.rootPackage + ".GatehouseWiring";
    // What the wiring builds of core's internal classes, read from its own constructor calls.
    Set<String> wired = new TreeSet<>();
    core.get(wiring)
        .getConstructorCallsFromSelf()
        .forEach(
            call -> {
              JavaClass owner = call.getTarget().getOwner();
              if (Module.owning(owner.getPackageName()) == Module.CORE
                  && INTERNAL_SEGMENT.matcher(owner.getPackageName()).find()) {
                wired.add(owner.getName());
              }
            });
    assertTrue(wired.size() > 10, () -> "GatehouseWiring builds too little: " + wired);
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(wiring)
        .should()
        .callConstructorWhere(
            DescribedPredicate.describe(
                "the target is an internal class of auth-core that GatehouseWiring builds",
                call ->
                    wired.contains(call.getTarget().getOwner().getName())
                        // a constructor delegating to another of its class (this(...)) builds
                        // nothing new
                        && !call.getOriginOwner().equals(call.getTarget().getOwner())))
        .as("only GatehouseWiring builds auth-core's services and the collaborators they share")
        .because(
            "services receive what they use through their constructors, assembled in one place"
                + " (docs/ARCHITECTURE.md, Services and their wiring): a service that built its own"
                + " copy of a shared collaborator, or a registry that built services, would be a"
                + " second, silent path. Add a constructor parameter and build the part in"
                + " GatehouseWiring")
        .check(core);
  }

  @Test
  void jpaSubpackagesAreFreeOfCycles() {
    subpackagesAreFreeOfCycles(Module.JPA, false);
  }

  @Test
  void importSubpackagesAreFreeOfCycles() {
    subpackagesAreFreeOfCycles(Module.IMPORT, false);
  }

  @Test
  void examplesSubpackagesAreFreeOfCycles() {
    subpackagesAreFreeOfCycles(Module.EXAMPLES, false);
  }

  /**
   * The web module has one package per contract below {@code internal}, beside a shared one: no
   * cycle between any two of its packages (each package its own slice, not only the first-level
   * ones), so the shared package uses no contract and no contract uses the package that chooses
   * between them (docs/ARCHITECTURE.md, Packages of the web module).
   */
  @Test
  void webPackagesAreFreeOfCycles() {
    slices()
        .assignedFrom(
            new SliceAssignment() {
              @Override
              public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String pkg = javaClass.getPackageName();
                return Module.owning(pkg) == Module.SPRING_WEB
                    ? SliceIdentifier.of(pkg)
                    : SliceIdentifier.ignore();
              }

              @Override
              public String getDescription() {
                return "every package of " + Module.SPRING_WEB.rootPackage;
              }
            })
        .as(Module.SPRING_WEB.directory + ": every package, one per contract")
        .should()
        .beFreeOfCycles()
        .because(CYCLES_BREAK_LAYERING)
        .check(mainClasses(Module.SPRING_WEB));
  }

  /**
   * The shared package of the web module uses no contract's package: a contract may be dropped or
   * added without touching what the others share.
   */
  @Test
  void webSharedPackageUsesNoContract() {
    String internal = Module.SPRING_WEB.rootPackage + ".internal";
    noClasses()
        .that()
        .resideInAPackage(internal + ".shared")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            internal,
            internal + ".gatehouse",
            internal + ".modules",
            internal + ".admin",
            internal + ".organizations",
            internal + ".drf",
            internal + ".jbdrfauth",
            internal + ".fastapiusers",
            internal + ".simplejwt")
        .because("the shared package is what every contract uses; it depends on none of them")
        .check(mainClasses(Module.SPRING_WEB));
  }

  /** The modules that are one package today; the rule holds them to it once they grow. */
  @Test
  void otherModulesSubpackagesAreFreeOfCycles() {
    Set<Module> checkedAbove = Set.of(Module.CORE, Module.JPA, Module.IMPORT, Module.EXAMPLES);
    List<String> failures = new ArrayList<>();
    for (Module m : Module.values()) {
      if (!checkedAbove.contains(m)) {
        try {
          subpackagesAreFreeOfCycles(m, true);
        } catch (AssertionError e) {
          failures.add(e.getMessage());
        }
      }
    }
    assertTrue(failures.isEmpty(), () -> String.join("\n\n", failures));
  }

  private static void subpackagesAreFreeOfCycles(Module m, boolean mayHaveNoSubpackages) {
    slices()
        .assignedFrom(packagesOf(m))
        .as(m.directory + ": the packages of " + m.rootPackage + ", its root among them")
        .should()
        .beFreeOfCycles()
        .because(CYCLES_BREAK_LAYERING)
        .allowEmptyShould(mayHaveNoSubpackages)
        .check(mainClasses(m));
  }

  /**
   * One slice per first-level package of a module, the module's root package being one of them: a
   * cycle between the root (a module's public API) and a subpackage is a cycle like any other.
   * Classes of another module's packages nested inside this one's (auth-sms-twilio's inside
   * auth-sms-spi's) are not this module's.
   */
  private static SliceAssignment packagesOf(Module m) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String pkg = javaClass.getPackageName();
        if (Module.owning(pkg) != m) {
          return SliceIdentifier.ignore();
        }
        String holder = m.packageHolding(pkg);
        if (pkg.equals(holder) || !holder.equals(m.rootPackage)) {
          return SliceIdentifier.of(holder);
        }
        String rest = pkg.substring(holder.length() + 1);
        int dot = rest.indexOf('.');
        return SliceIdentifier.of(holder + "." + (dot < 0 ? rest : rest.substring(0, dot)));
      }

      @Override
      public String getDescription() {
        return "the first-level packages of " + m.rootPackage + " and the root itself";
      }
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Rule 2: no module, in its main or its test code, uses another module's internal packages.
  // ---------------------------------------------------------------------------------------------

  @Test
  void deliverySpiUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.DELIVERY_SPI);
  }

  @Test
  void smsSpiUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.SMS_SPI);
  }

  @Test
  void emailSpiUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.EMAIL_SPI);
  }

  @Test
  void coreUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.CORE);
  }

  @Test
  void testingUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.TESTING);
  }

  @Test
  void jpaUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.JPA);
  }

  @Test
  void importUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.IMPORT);
  }

  @Test
  void smsTwilioUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.SMS_TWILIO);
  }

  @Test
  void redisUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.REDIS);
  }

  @Test
  void passkeysUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.PASSKEYS);
  }

  @Test
  void mfaUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.MFA);
  }

  @Test
  void organizationsUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.ORGANIZATIONS);
  }

  @Test
  void samlUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.SAML);
  }

  @Test
  void scimUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.SCIM);
  }

  @Test
  void theOpenIdProviderUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.SPRING_AUTHORIZATION_SERVER);
  }

  @Test
  void adminUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.ADMIN);
  }

  @Test
  void cohortsUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.COHORTS);
  }

  @Test
  void cohortsProxyUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.COHORTS_PROXY);
  }

  @Test
  void legacyUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.LEGACY);
  }

  @Test
  void emailSmtpUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.EMAIL_SMTP);
  }

  @Test
  void springWebUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.SPRING_WEB);
  }

  @Test
  void springBootAutoconfigureUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.SPRING_BOOT_AUTOCONFIGURE);
  }

  @Test
  void springBootTestUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.SPRING_BOOT_TEST);
  }

  @Test
  void examplesUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.EXAMPLES);
  }

  @Test
  void benchmarksUsesNoOtherModulesInternals() {
    usesNoOtherModulesInternals(Module.BENCHMARKS);
  }

  private static void usesNoOtherModulesInternals(Module m) {
    DescribedPredicate<JavaClass> foreignInternal = internalToAModuleOtherThan(m);
    noClasses()
        .should()
        .dependOnClassesThat(foreignInternal)
        .orShould()
        .callCodeUnitWhere(signatureMentions(foreignInternal))
        .as(m.directory + " main code uses no other module's internal package")
        .because(INTERNAL_PACKAGES_ARE_NOT_API)
        .allowEmptyShould(true)
        .check(mainClasses(m));
    List<String> inTests = foreignInternalsNamedInTests(m);
    assertTrue(
        inTests.isEmpty(),
        () ->
            m.directory
                + " test code uses no other module's internal package, but names: "
                + inTests
                + "; "
                + INTERNAL_PACKAGES_ARE_NOT_API);
  }

  /** A package name as Java source writes it: lower-case segments below dev.gatehouse. */
  private static final Pattern GATEHOUSE_PACKAGE =
      Pattern.compile("\\bdev\\.gatehouse(?:\\.[a-z_][a-z0-9_]*)+");

  /**
   * The internal packages of other modules a module's test sources name (in an import, a qualified
   * name or a Javadoc link), each as {@code file: package}. A module's compiled tests are in no
   * jar, so they are read from source; a use without a name in the source (a type inferred from a
   * method's answer) is caught in the main code of the module that hands it out.
   */
  private static List<String> foreignInternalsNamedInTests(Module m) {
    Path tests = projectRoot().resolve(m.directory).resolve("src/test/java");
    List<String> found = new ArrayList<>();
    if (!Files.isDirectory(tests)) {
      return found;
    }
    try (var files = Files.walk(tests)) {
      for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".java"))::iterator) {
        Matcher named = GATEHOUSE_PACKAGE.matcher(Files.readString(f));
        while (named.find()) {
          String pkg = named.group();
          Module owner = Module.owning(pkg);
          if (owner != null && owner != m && INTERNAL_SEGMENT.matcher(pkg).find()) {
            found.add(projectRoot().relativize(f) + ": " + pkg);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static final Pattern INTERNAL_SEGMENT = Pattern.compile("(^|\\.)internal(\\.|$)");

  private static DescribedPredicate<JavaClass> internalToAModuleOtherThan(Module m) {
    return DescribedPredicate.describe(
        "reside in an internal package of a module other than " + m.directory,
        c -> {
          Module owner = Module.owning(c.getPackageName());
          return owner != null && owner != m && INTERNAL_SEGMENT.matcher(c.getPackageName()).find();
        });
  }

  /**
   * Calls whose target takes or returns such a class, e.g. a public method of the facade that
   * returned an internal type: a public member that hands out an internal type is a way into it
   * too.
   */
  private static DescribedPredicate<JavaCall<?>> signatureMentions(
      DescribedPredicate<JavaClass> classes) {
    return DescribedPredicate.describe(
        "the target takes or returns a class that " + classes.getDescription(),
        call ->
            classes.test(call.getTarget().getRawReturnType())
                || call.getTarget().getRawParameterTypes().stream().anyMatch(classes::test));
  }

  // ---------------------------------------------------------------------------------------------
  // Rule 3: auth-core and the SPIs stay free of persistence engines and HTTP.
  // ---------------------------------------------------------------------------------------------

  @Test
  void coreUsesNoHibernateLiquibaseOrHttp() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.hibernate..",
            "liquibase..",
            "java.net.http..",
            "com.sun.net.httpserver..",
            "jakarta.servlet..",
            "javax.servlet..",
            "org.springframework.web..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.HttpURLConnection")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("javax.net.ssl.HttpsURLConnection")
        .as("auth-core main code uses no Hibernate, Liquibase or HTTP")
        .because(
            "auth-core is independent of the persistence engine and of any transport (docs/ARCHITECTURE.md,"
                + " Modules). Hibernate and Liquibase code belongs in auth-jpa, HTTP in examples or"
                + " an adapter module; if core needs the capability, declare an interface in core"
                + " (the store SPI in dev.gatehouse.core.store, or a sender SPI) and implement it"
                + " there")
        .check(mainClasses(Module.CORE));
  }

  @Test
  void coreNeedsNoDesktopModule() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.awt..", "javax.imageio..", "javax.swing..", "java.beans..")
        .as("auth-core main code uses nothing of the JDK's java.desktop module")
        .because(
            "a host running on a runtime image without java.desktop (jlink, a native image, a"
                + " slim container) must be able to run the core (auth-mfa writes the QR code's PNG"
                + " with java.util.zip)")
        .check(mainClasses(Module.CORE));
  }

  @Test
  void coreLeavesWebAuthnAndQrCodesToTheirModules() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.webauthn4j..", "com.google.zxing..")
        .as("auth-core main code uses nothing of webauthn4j or ZXing")
        .because(
            "passkeys and second factors are feature modules (docs/ARCHITECTURE.md, Feature"
                + " modules): auth-passkeys (webauthn4j) and auth-mfa (ZXing for the QR image) are"
                + " sign-in methods on the sign-in SPI; both install themselves")
        .check(mainClasses(Module.CORE));
  }

  /**
   * The one auth-jpa class that may use Hibernate's internals and SPIs: the bootstrap (the JTA
   * transaction manager, the schema check and the few facts of a host entity's mapping that
   * Hibernate's public API does not show, read once when the host's mapping is resolved). Every
   * statement on a host's table is built from public sources (issue 56: HostMapping).
   */
  private static final Set<String> JPA_HIBERNATE_INTERNALS_ALLOWED =
      Set.of("dev.gatehouse.jpa.GatehouseJpa");

  private static final Pattern SPI_SEGMENT = Pattern.compile("(^|\\.)spi(\\.|$)");

  @Test
  void jpaUsesHibernatesPublicApiOnly() {
    noClasses()
        .that(
            DescribedPredicate.describe(
                "are not allowed Hibernate's internals",
                (JavaClass c) ->
                    !JPA_HIBERNATE_INTERNALS_ALLOWED.contains(
                        c.getName().replaceFirst("\\$.*", ""))))
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "belong to Hibernate's internals, SPIs, persisters or mapping metamodel",
                (JavaClass c) -> {
                  String p = c.getPackageName();
                  return p.startsWith("org.hibernate.")
                      && (INTERNAL_SEGMENT.matcher(p).find()
                          || SPI_SEGMENT.matcher(p).find()
                          || p.startsWith("org.hibernate.persister")
                          || p.startsWith("org.hibernate.metamodel.mapping"));
                }))
        .as("auth-jpa main code uses Hibernate's public API only")
        .because(
            "SQL built from Hibernate's mapping metamodel or internals breaks or silently switches"
                + " itself off with a Hibernate upgrade, a host's @SQLRestriction, filter or"
                + " @TenantId (issue 32): the host's entities go through JPQL, Criteria and"
                + " StatelessSession")
        .check(mainClasses(Module.JPA));
  }

  @Test
  void theLibrarysTablesAreNoEntities() {
    noClasses()
        .should()
        .beAnnotatedWith(jakarta.persistence.Entity.class)
        .orShould()
        .beAnnotatedWith(jakarta.persistence.Table.class)
        .as("auth-jpa main code maps no table of its own as a JPA entity")
        .because(
            "the library's tables are read and written with plain SQL on the transaction's"
                + " connection (LibrarySql), so a host's persistence unit lists only its own"
                + " entities and no Hibernate setting of the host's changes how they are stored"
                + " (issue 32)")
        .check(mainClasses(Module.JPA));
  }

  /** The most lines a main source file of a library module may have (issue 35). */
  private static final int MAX_LINES = 600;

  /**
   * Library classes still over {@link #MAX_LINES}, each with its size when this list was written:
   * the list and the sizes may only shrink. Empty since issue 95 moved {@code ModuleRoute}'s {@code
   * Request} and {@code Answer} to files of their own.
   */
  private static final Map<String, Integer> OVER_MAX_LINES = Map.of();

  /**
   * Modules whose code is not the library's: the examples, benchmarks, the compat run and these
   * tests.
   */
  private static final Set<Module> NOT_LIBRARY =
      Set.of(
          Module.EXAMPLES,
          Module.BENCHMARKS,
          Module.SPRING_BOOT_4_0_TESTS,
          Module.ARCHITECTURE_TESTS);

  /** The Java files of every library module's main sources. */
  private static List<Path> libraryMainSources() throws IOException {
    List<Path> sources = new ArrayList<>();
    for (Module m : Module.values()) {
      Path main = projectRoot().resolve(m.directory).resolve("src/main/java");
      if (NOT_LIBRARY.contains(m) || !Files.isDirectory(main)) {
        continue;
      }
      try (var files = Files.walk(main)) {
        files.filter(x -> x.toString().endsWith(".java")).forEach(sources::add);
      }
    }
    return sources;
  }

  @Test
  void noLibraryClassIsOverSixHundredLines() throws IOException {
    List<String> tooLong = new ArrayList<>();
    for (Path f : libraryMainSources()) {
      String name = projectRoot().relativize(f).toString().replace('\\', '/');
      long lines;
      try (var l = Files.lines(f)) {
        lines = l.count();
      }
      int allowed = OVER_MAX_LINES.getOrDefault(name, MAX_LINES);
      if (lines > allowed) {
        tooLong.add(name + " has " + lines + " lines (at most " + allowed + ")");
      }
    }
    assertTrue(
        tooLong.isEmpty(),
        "split these by job (docs/ARCHITECTURE.md); a class on the over-size list may only shrink: "
            + tooLong);
  }

  /**
   * An error code is written once, in the catalogue ({@code ErrorCode}, or a module's own constant
   * listed in its manifest, here every module's): no library code builds an exception, or records
   * what one refused, with a catalogue code spelled as a string; it takes {@code
   * ErrorCode.X.code()}, so renaming or removing a code cannot leave a copy behind. A statement
   * counts when it throws, builds or catches an exception.
   */
  @Test
  void noExceptionSpellsACatalogueCode() throws IOException {
    Set<String> codes = new TreeSet<>();
    List<ModuleManifest> manifests = new ArrayList<>();
    ServiceLoader.load(GatehouseModule.class).forEach(m -> manifests.add(m.manifest()));
    manifests.add(new SocialSignIn().manifest());
    manifests.add(new LegacyCutOver().manifest());
    for (ErrorCode e : ModuleManifest.errorCatalogue(manifests)) {
      codes.add(e.code());
    }
    List<String> spelled = new ArrayList<>();
    for (Path f : libraryMainSources()) {
      if (f.endsWith("dev/gatehouse/core/error/ErrorCode.java")) {
        continue;
      }
      for (String code : spelledCodes(Files.readString(f), codes)) {
        spelled.add(projectRoot().relativize(f) + ": \"" + code + "\"");
      }
    }
    assertTrue(spelled.isEmpty(), "write these as ErrorCode's constants' code(): " + spelled);
  }

  @Test
  void aSpelledCodeIsFoundInAnExceptionsStatementOnly() {
    Set<String> codes = Set.of("account_disabled", "terms_required");
    String source =
        """
        // throw new X("terms_required") in a comment is no code
        /* nor "account_disabled" here */
        String label = "account_disabled";
        case DISABLED ->
            DrfException.coded(401, "inactive", "account_disabled");
        } catch (RejectedInputException e) {
          issues.add("terms_required");
        """;
    assertEquals(List.of("account_disabled", "terms_required"), spelledCodes(source, codes));
  }

  private static final Pattern STRING_LITERAL = Pattern.compile("\"([a-z][a-z0-9_]*)\"");

  /** The catalogue codes spelled as strings in the source's statements about an exception. */
  private static List<String> spelledCodes(String source, Set<String> codes) {
    String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    List<String> found = new ArrayList<>();
    for (String statement : code.split(";")) {
      if (!statement.contains("throw ") && !statement.contains("Exception")) {
        continue;
      }
      Matcher m = STRING_LITERAL.matcher(statement);
      while (m.find()) {
        if (codes.contains(m.group(1))) {
          found.add(m.group(1));
        }
      }
    }
    return found;
  }

  /**
   * Every public package of a library module is {@code @NullMarked} (JSpecify) in its {@code
   * package-info.java}: a type without {@code @Nullable} is non-null, so a host (or Kotlin, or
   * NullAway) reads the API's nullness from the code instead of the Javadoc. Internal packages are
   * not API and are left out.
   */
  @Test
  void everyPublicPackageIsNullMarked() throws IOException {
    List<String> unmarked = new ArrayList<>();
    int checked = 0;
    for (Module m : Module.values()) {
      Path main = projectRoot().resolve(m.directory).resolve("src/main/java");
      if (NOT_LIBRARY.contains(m) || !Files.isDirectory(main)) {
        continue;
      }
      try (var dirs = Files.walk(main)) {
        for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
          String pkg = main.relativize(d).toString().replace('/', '.').replace('\\', '.');
          boolean hasCode;
          try (var files = Files.list(d)) {
            hasCode = files.anyMatch(f -> f.toString().endsWith(".java"));
          }
          if (!hasCode || INTERNAL_SEGMENT.matcher(pkg).find()) {
            continue;
          }
          checked++;
          Path info = d.resolve("package-info.java");
          if (!Files.isRegularFile(info)
              || !Files.readString(info).contains("@NullMarked\npackage " + pkg + ";")) {
            unmarked.add(m.directory + ": " + pkg);
          }
        }
      }
    }
    assertTrue(checked > 40, "found only " + checked + " public packages");
    assertTrue(
        unmarked.isEmpty(),
        "annotate these packages' package-info.java with @NullMarked (org.jspecify.annotations) and"
            + " mark with @Nullable what may be null: "
            + unmarked);
  }

  @Test
  void theImportersTablesAreNoEntities() {
    noClasses()
        .should()
        .beAnnotatedWith(jakarta.persistence.Entity.class)
        .orShould()
        .beAnnotatedWith(jakarta.persistence.Table.class)
        .as("auth-import main code maps no table of its own as a JPA entity")
        .because(
            "the importer's ledger (runs, batches, mappings, changes, issues, locks) is read and"
                + " written with plain SQL on the transaction's connection (LedgerSql), so a"
                + " host's persistence unit needs nothing of the importer's (issue 32)")
        .check(mainClasses(Module.IMPORT));
  }

  /**
   * Modules whose main code may name the JPA store's class: auth-jpa itself, its bulk importer
   * (auth-import runs in {@code JpaAuthStore#inBulkTransaction}, whose {@code BulkTransaction}
   * batches the inserts of users and keeps the importer's ledger on its connection: an importer of
   * the JPA store, not a module on any store) and the Spring Boot wiring that builds the store for
   * a host; and the code that is not the library's (examples, benchmarks, the compat runs).
   */
  private static final Set<Module> MAY_NAME_THE_JPA_STORE =
      Set.of(
          Module.JPA,
          Module.IMPORT,
          Module.SPRING_BOOT_AUTOCONFIGURE,
          Module.HIBERNATE_7_1_TESTS,
          Module.EXAMPLES,
          Module.BENCHMARKS,
          Module.SPRING_BOOT_4_0_TESTS,
          Module.ARCHITECTURE_TESTS);

  /**
   * A module keeps its rows through {@code ModuleRows} (counts, keyset pages, bounded range deletes
   * included), never on the raw connection: issue 95 moved cohorts, SAML and the OpenID provider
   * off it; the organisations' JDBC store is the one caller left, until it moves too.
   */
  @Test
  void noMainCodeButTheOrganisationsJdbcStoreCallsTheModuleTablesConnection() {
    ArchRule rule =
        noClasses()
            .that()
            .doNotHaveFullyQualifiedName("dev.gatehouse.organizations.JdbcOrganizationStore")
            // the contract kit proves the connection is the transaction's while it exists
            .and()
            .doNotHaveFullyQualifiedName("dev.gatehouse.testing.ModuleTablesContract")
            .should()
            .callMethod("dev.gatehouse.core.store.ModuleTables", "connection")
            .because(
                "a module's rows go through ModuleRows on every store, with no dialect of its own"
                    + " (issue 95)")
            .allowEmptyShould(true);
    for (Module m : Module.values()) {
      rule.check(mainClasses(m));
    }
  }

  @Test
  void noModuleCastsToTheJpaStore() {
    DescribedPredicate<JavaClass> jpaStore =
        DescribedPredicate.describe(
            "are JpaAuthStore or one of its nested types",
            (JavaClass c) ->
                c.getName().equals("dev.gatehouse.jpa.JpaAuthStore")
                    || c.getName().startsWith("dev.gatehouse.jpa.JpaAuthStore$"));
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat(jpaStore)
            .as(
                "no module but auth-jpa and its importer depends on JpaAuthStore or its transactions")
            .because(
                "a module keeps its own tables through StoreTransaction#moduleTables (rows, or the"
                    + " connection of a relational store), which every store implements; a cast to"
                    + " JpaAuthStore.BulkTransaction would make it work on one store only (issue 75)")
            .allowEmptyShould(true);
    for (Module m : Module.values()) {
      if (!MAY_NAME_THE_JPA_STORE.contains(m)) {
        rule.check(mainClasses(m));
      }
    }
  }

  /**
   * The sign-in seam's capabilities together (issue 75 item 2): fewer public members than {@code
   * SignInContext} and {@code ModuleSessions} had (47 before the split, 44 when the issue was
   * filed), each capability at most about 12. The number may only shrink.
   */
  @Test
  void theModuleCapabilitiesStayNarrow() {
    List<String> seam =
        List.of(
            "SignInContext",
            "ModuleSignIns",
            "ModuleLimits",
            "ModuleMail",
            "ModuleAudit",
            "ModuleAccounts",
            "ModuleSessions");
    JavaClasses core = mainClasses(Module.CORE);
    int total = 0;
    for (String name : seam) {
      JavaClass type = core.get("dev.gatehouse.core.session." + name);
      long members =
          type.getMethods().stream()
              .filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC))
              .filter(m -> !m.getModifiers().contains(JavaModifier.STATIC))
              .count();
      assertTrue(members <= 12, name + " has " + members + " public members; at most 12");
      total += (int) members;
    }
    // 40 since issue 78: SignInContext#feature, by which a module uses the public service of one
    // installed before it (auth-saml signs members in through auth-organizations). 41 since
    // ModuleAudit#refusedToStaff: auth-admin, auth-cohorts and the provider's client pages each
    // wrote the audited refusal of a caller who is not staff; it is now written once. 43 since
    // issue 95 item 5: ModuleAccounts#staff, the one staff check those three now call, and
    // ModuleAudit#refusedOperation, the audited refusal of a module operation that is no sign-in.
    assertTrue(
        total <= 43, "the capabilities have " + total + " public members together; at most 43");
  }

  @Test
  void importUsesNoHibernate() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.hibernate..")
        .as("auth-import main code uses no Hibernate type")
        .because(
            "the importer reaches the library's tables through auth-jpa's public seams"
                + " (AccountSessions, JpaConnections, BulkTransaction) and the host's entities"
                + " through JPA, so a Hibernate upgrade or a change of how auth-jpa stores its own"
                + " tables cannot break it (issue 32)")
        .check(mainClasses(Module.IMPORT));
  }

  @Test
  void spiModulesUseNoHibernateOrLiquibase() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.hibernate..", "liquibase..")
            .as("the SPI modules' main code uses no Hibernate or Liquibase")
            .because(
                "the SPI modules depend on slf4j only (docs/ARCHITECTURE.md, Modules), so that a sender can"
                    + " be implemented and tested without a persistence stack. Keep persistence in"
                    + " auth-jpa; a sender that must record something reports it to its caller");
    for (Module m : Module.values()) {
      if (m.spi) {
        rule.check(mainClasses(m));
      }
    }
  }

  @Test
  void onlyTheEntityBasesUseThePersistenceApi() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.gatehouse.core.entity")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("jakarta.persistence..", "dev.gatehouse.core.entity")
        .orShould()
        .beAnnotatedWith(jakarta.persistence.Entity.class)
        .as(
            "in auth-core only the entity bases (dev.gatehouse.core.entity) use jakarta.persistence")
        .because(
            "the entity bases a host subclasses live in the core (docs/ARCHITECTURE.md, Modules),"
                + " with the persistence API as an optional dependency: services reach the"
                + " database through the store SPI in dev.gatehouse.core.store, so a store without"
                + " JPA (the in-memory one in auth-testing) loads no JPA type")
        .check(mainClasses(Module.CORE));
  }

  @Test
  void inOrganizationsOnlyTheEntityBasesAndTheirMappingUseThePersistenceApi() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.gatehouse.organizations.entity")
        .and()
        .doNotHaveFullyQualifiedName("dev.gatehouse.organizations.OrganizationTables")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("jakarta.persistence..")
        .orShould()
        .beAnnotatedWith(jakarta.persistence.Entity.class)
        .as(
            "in auth-organizations only the entity bases (dev.gatehouse.organizations.entity) and"
                + " the store's reading of their mapping (OrganizationTables) use"
                + " jakarta.persistence")
        .because(
            "the persistence API is an optional dependency of the module: the service and the"
                + " in-memory store load no JPA type, and the host's tables are named by one"
                + " mapping (docs/ARCHITECTURE.md, Persistence)")
        .check(mainClasses(Module.ORGANIZATIONS));
  }

  // ---------------------------------------------------------------------------------------------
  // The table above covers the reactor.
  // ---------------------------------------------------------------------------------------------

  @Test
  void everyReactorModuleIsChecked() throws IOException {
    String parentPom = Files.readString(projectRoot().resolve("pom.xml"));
    Set<String> reactor = new TreeSet<>();
    Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(parentPom);
    while (modules.find()) {
      reactor.add(modules.group(1).trim());
    }
    // The two BOMs hold no code, nor the archetype (its Java files are templates, compiled only in
    // the project it generates and, as com.example.shop, in examples' tests).
    reactor.remove("bom");
    reactor.remove("platform");
    reactor.remove("gatehouse-spring-boot-archetype");
    Set<String> checked = new TreeSet<>();
    Arrays.stream(Module.values()).forEach(m -> checked.add(m.directory));
    assertEquals(
        reactor,
        checked,
        "every module of the reactor (but the BOMs) must have a row in ArchitectureTest.Module,"
            + " with the package its code lives under");
  }

  // ---------------------------------------------------------------------------------------------
  // Class import: the modules' jars on this test's class path, classes under dev.gatehouse only.
  // ---------------------------------------------------------------------------------------------

  private static JavaClasses all;
  private static final Map<Module, JavaClasses> MAIN = new EnumMap<>(Module.class);

  private static synchronized JavaClasses mainClasses(Module m) {
    if (all == null) {
      all =
          new ClassFileImporter()
              // The example's runnable jar keeps its classes under BOOT-INF/classes; its nested
              // library jars are not read. These tests' own classes are no module's main code.
              .withImportOption(
                  location ->
                      location.contains("/dev/gatehouse/")
                          && !location.contains("/dev/gatehouse/architecture/"))
              .importClasspath();
    }
    return MAIN.computeIfAbsent(
        m,
        k ->
            all.that(
                DescribedPredicate.describe(
                    "belong to " + k.directory,
                    (JavaClass c) -> Module.owning(c.getPackageName()) == k)));
  }

  /**
   * Guards the rules against passing on nothing: a module with main code left off the class path.
   */
  @Test
  void everyModulesMainClassesAreOnTheClassPath() {
    for (Module m : Module.values()) {
      if (Files.isDirectory(projectRoot().resolve(m.directory).resolve("src/main/java"))) {
        assertTrue(
            !mainClasses(m).isEmpty(),
            () ->
                m.directory
                    + " has no class on this module's test class path: add it to"
                    + " architecture-tests/pom.xml");
      }
    }
  }

  /** The reactor root: surefire runs this module's tests with basedir set to its directory. */
  static Path projectRoot() {
    Path module =
        Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    Path root = module.getParent();
    assertTrue(
        root != null && Files.isRegularFile(root.resolve("pom.xml")),
        () -> "cannot find the reactor root above " + module);
    return root;
  }
}
