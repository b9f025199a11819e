package dev.gatehouse.jpa;

import jakarta.persistence.Entity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How the host's names are written, from Hibernate's public settings: the physical naming strategy
 * (Hibernate's standard one, or the {@code CamelCaseToUnderscoresNamingStrategy} Spring Boot
 * configures, applied here as Hibernate applies it), the implicit one, quoting, and the settings
 * that change a name or a bound type in ways {@link HostMapping} does not follow (then its
 * statements stay JPQL). Stateless.
 */
final class HostNaming {
  private HostNaming() {}

  /** Physical naming strategies whose names are known, and the other settings a name needs. */
  static HostTable.Naming of(Map<String, Object> settings, List<String> problems) {
    String physical = className(settings.get("hibernate.physical_naming_strategy"));
    boolean camel = physical != null && physical.endsWith(".CamelCaseToUnderscoresNamingStrategy");
    // Hibernate 7's snake case (what Spring Boot 4 configures) writes names as camel case does.
    boolean snake = physical != null && physical.endsWith(".PhysicalNamingStrategySnakeCaseImpl");
    if (physical != null
        && !camel
        && !snake
        && !physical.equals("org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl")) {
      problems.add("the physical naming strategy " + physical + " is not known");
    }
    String implicit = className(settings.get("hibernate.implicit_naming_strategy"));
    if (implicit != null
        && !Set.of("default", "jpa").contains(implicit)
        && !implicit.endsWith(".ImplicitNamingStrategyJpaCompliantImpl")
        && !implicit.endsWith(".SpringImplicitNamingStrategy")) {
      problems.add("the implicit naming strategy " + implicit + " is not known");
    }
    for (String key :
        List.of(
            "hibernate.default_schema",
            "hibernate.default_catalog",
            "hibernate.type.preferred_instant_jdbc_type",
            "hibernate.type.preferred_boolean_jdbc_type")) {
      Object v = settings.get(key);
      if (v != null && !v.toString().isBlank()) {
        problems.add(key + " is set");
      }
    }
    if (flag(settings.get("hibernate.auto_quote_keyword"))) {
      problems.add("hibernate.auto_quote_keyword is set");
    }
    boolean quoteAll = flag(settings.get("hibernate.globally_quoted_identifiers"));
    return new HostTable.Naming() {
      @Override
      public @Nullable String physical(String logical, boolean quoted) {
        return (camel || snake) && !quoted ? underscored(logical) : logical;
      }

      @Override
      public boolean quoteAll() {
        return quoteAll;
      }
    };
  }

  /**
   * A name as Hibernate's {@code CamelCaseToUnderscoresNamingStrategy} and {@code
   * PhysicalNamingStrategySnakeCaseImpl} (Spring Boot's defaults) write it: dots become
   * underscores, an underscore goes between a lower-case letter and an upper-case one followed by a
   * lower-case one, and the whole is lower case.
   */
  static String underscored(String name) {
    StringBuilder b = new StringBuilder(name.replace('.', '_'));
    for (int i = 1; i < b.length() - 1; i++) {
      if (Character.isLowerCase(b.charAt(i - 1))
          && Character.isUpperCase(b.charAt(i))
          && Character.isLowerCase(b.charAt(i + 1))) {
        b.insert(i++, '_');
      }
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  private static @Nullable String className(@Nullable Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Class<?> c) {
      return c.getName();
    }
    if (value instanceof CharSequence s) {
      return s.toString().isBlank() ? null : s.toString().strip();
    }
    return value.getClass().getName();
  }

  private static boolean flag(@Nullable Object value) {
    return value != null && Boolean.parseBoolean(value.toString().strip());
  }

  /**
   * The mapping annotations of {@code entity} with names exactly as annotated, for schema adoption:
   * the same reader as the statements'.
   */
  static HostTable annotated(Class<?> entity) {
    Entity e = entity.getAnnotation(Entity.class);
    String name = e != null && !e.name().isEmpty() ? e.name() : entity.getSimpleName();
    return HostTable.read(entity, name, ANNOTATED, "\"");
  }

  /** Names exactly as annotated (schema adoption writes its own changelog). */
  private static final HostTable.Naming ANNOTATED =
      new HostTable.Naming() {
        @Override
        public String physical(String logical, boolean quoted) {
          return logical;
        }

        @Override
        public boolean quoteAll() {
          return false;
        }
      };
}
