package dev.gatehouse.spring.pages;

import dev.gatehouse.cohorts.CohortRule;
import dev.gatehouse.cohorts.Cohorts;
import dev.gatehouse.core.migration.LegacySyncStatus;
import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import dev.gatehouse.spring.boot.host.HostApplication;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * A host that did not write the pages, for the browser tests: the autoconfigure module's test host
 * ({@link HostApplication}: its entities, its changelog, its {@code application.yml}) with this
 * module on its class path, its own session cookie ({@value #SESSION_COOKIE}), its own site name
 * ({@code host-messages*.properties}), a language chosen by {@code ?lang=} as a host may choose it
 * ({@link HostLanguage}), and the test's beans.
 */
final class PagesHost implements AutoCloseable {
  /** The host's session cookie, as its {@code server.servlet.session.cookie.name} names it. */
  static final String SESSION_COOKIE = "host_session";

  private final TestDatabase db;
  private final ConfigurableApplicationContext context;

  private PagesHost(TestDatabase db, ConfigurableApplicationContext context) {
    this.db = db;
    this.context = context;
  }

  /**
   * @param kind the database
   * @param properties properties over the host's
   * @param testBeans test configuration
   * @return the running host
   */
  static PagesHost start(DatabaseKind kind, Map<String, String> properties, Class<?>... testBeans) {
    TestDatabase db = TestDatabase.create(kind);
    try {
      List<Class<?>> sources = new ArrayList<>();
      sources.add(HostApplication.class);
      sources.add(HostLanguage.class);
      sources.addAll(List.of(testBeans));
      SpringApplication app = new SpringApplication(sources.toArray(Class<?>[]::new));
      app.setWebApplicationType(WebApplicationType.SERVLET);
      Map<String, String> values = new LinkedHashMap<>();
      values.put("server.port", "0");
      values.put("server.address", "127.0.0.1");
      values.put("spring.main.banner-mode", "off");
      values.put("spring.datasource.url", db.jdbcUrl());
      values.put("spring.datasource.username", db.user());
      values.put("spring.datasource.password", db.password());
      // The host's session cookie: a cookie only, Secure, HttpOnly, not sent with cross-site posts.
      values.put("server.servlet.session.tracking-modes", "cookie");
      values.put("server.servlet.session.cookie.name", SESSION_COOKIE);
      values.put("server.servlet.session.cookie.secure", "true");
      values.put("server.servlet.session.cookie.http-only", "true");
      values.put("server.servlet.session.cookie.same-site", "lax");
      values.put("spring.messages.basename", "host-messages");
      values.put("spring.messages.fallback-to-system-locale", "false");
      values.put("gatehouse.http.enabled", "true");
      values.put("gatehouse.magic-link.enabled", "true");
      // Every request of a test comes from loopback; the per-network limits are tested elsewhere.
      values.put("gatehouse.throttle.development.exempt-loopback", "true");
      values.putAll(properties);
      String[] args =
          values.entrySet().stream()
              .map(e -> "--" + e.getKey() + "=" + e.getValue())
              .toArray(String[]::new);
      return new PagesHost(db, app.run(args));
    } catch (RuntimeException | Error e) {
      db.close();
      throw e;
    }
  }

  /**
   * {@return a free port on loopback: for a host served at the public address it configures, as one
   * whose pages an identity provider sends the browser back to}
   */
  static int freeLoopbackPort() {
    try (java.net.ServerSocket free =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return free.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  int port() {
    return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    try {
      context.close();
    } finally {
      db.close();
    }
  }

  /**
   * The host's choice of language, as a host makes it (the pages leave it to the host): {@code
   * ?lang=fr} sets a cookie, else the browser's {@code Accept-Language}; English otherwise.
   */
  static class HostLanguage implements WebMvcConfigurer {
    @Bean
    LocaleResolver localeResolver() {
      CookieLocaleResolver resolver = new CookieLocaleResolver("lang");
      resolver.setDefaultLocaleFunction(
          request ->
              request.getLocale() != null && "fr".equals(request.getLocale().getLanguage())
                  ? Locale.FRENCH
                  : Locale.ENGLISH);
      resolver.setCookieMaxAge(Duration.ofDays(365));
      return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
      LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
      lang.setParamName("lang");
      lang.setIgnoreInvalidLocale(true);
      registry.addInterceptor(lang).addPathPatterns("/**").excludePathPatterns("/auth/**");
    }
  }

  /** A clock the test moves, and deliveries on the request thread right after the commit. */
  static class TestClock {
    @Bean
    MutableClock clock() {
      return MutableClock.at(Instant.parse("2026-05-01T08:00:00Z"));
    }

    @Bean
    GatehouseBuilderCustomizer deliverOnTheRequestThread() {
      return b -> b.deliveryExecutor(Runnable::run);
    }
  }

  /** Emails captured in memory instead of sent. */
  static class CapturedEmail {
    @Bean
    CapturingEmailSender capturingEmailSender() {
      return new CapturingEmailSender();
    }
  }

  /**
   * The cut-over by cohort installed (a cohort of two listed legacy ids, and the rest), and a sync
   * whose reading the cohorts' page shows (its backlog, delay and conflicts as they are given).
   */
  static class CohortsInstalled {
    static final CohortRule RULE =
        CohortRule.builder()
            .salt("pages-host")
            .legacyIds("pilot", "1", "2")
            .rest("everyone")
            .build();

    @Bean
    GatehouseBuilderCustomizer installCohorts() {
      return b -> b.install(new Cohorts(RULE));
    }

    @Bean
    LegacySyncStatus legacySync() {
      return () -> new LegacySyncStatus.Reading(3, Duration.ofMillis(1500), 1);
    }
  }
}
