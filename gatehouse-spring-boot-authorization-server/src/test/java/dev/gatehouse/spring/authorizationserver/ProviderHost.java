package dev.gatehouse.spring.authorizationserver;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import dev.gatehouse.spring.boot.host.HostApplication;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A host that did not write the provider: the autoconfigure module's test host ({@link
 * HostApplication}) with the pages and this module on its class path, the provider's tables in its
 * changelog, captured email, and the test's own database.
 */
final class ProviderHost implements AutoCloseable {
  static final String PASSWORD = "correct horse battery staple 42";

  private final TestDatabase db;
  private final ConfigurableApplicationContext context;

  private ProviderHost(TestDatabase db, ConfigurableApplicationContext context) {
    this.db = db;
    this.context = context;
  }

  /**
   * The test JVM's one H2 host, shared by the classes that need no database of their own (one
   * Spring context for all of them), closed when the run ends.
   */
  static ProviderHost shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            ProviderHost.class, k -> ProviderHost.start(DatabaseKind.H2), ProviderHost.class);
  }

  static ProviderHost start(DatabaseKind kind) {
    return start(kind, Map.of());
  }

  /** A host on a database of its own, with {@code more} Spring properties. */
  static ProviderHost start(DatabaseKind kind, Map<String, String> more) {
    TestDatabase db = TestDatabase.create(kind);
    try {
      SpringApplication app = new SpringApplication(HostApplication.class, TestBeans.class);
      app.setWebApplicationType(WebApplicationType.SERVLET);
      Map<String, String> values = new LinkedHashMap<>();
      values.put("server.port", "0");
      values.put("server.address", "127.0.0.1");
      values.put("spring.main.banner-mode", "off");
      values.put("spring.datasource.url", db.jdbcUrl());
      values.put("spring.datasource.username", db.user());
      values.put("spring.datasource.password", db.password());
      values.put("spring.liquibase.change-log", "classpath:db/changelog/op-host-changelog.xml");
      values.put("server.servlet.session.tracking-modes", "cookie");
      values.put("gatehouse.http.enabled", "true");
      values.put("gatehouse.throttle.development.exempt-loopback", "true");
      // The relying party's landing page that ConsentPageTest redirects to on this host: a page of
      // the relying party, which the host's chain would otherwise send a signed-out browser (as
      // this other origin's is) on to /login/ (issue 94), hiding the code it landed with.
      values.put("gatehouse.http.public-paths[0]", "/consent-landing");
      values.putAll(more);
      String[] args =
          values.entrySet().stream()
              .map(e -> "--" + e.getKey() + "=" + e.getValue())
              .toArray(String[]::new);
      return new ProviderHost(db, app.run(args));
    } catch (RuntimeException | Error e) {
      db.close();
      throw e;
    }
  }

  String base() {
    return "http://127.0.0.1:"
        + context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
  }

  /** {@return the host's bean of that name} */
  <T> T bean(String name, Class<T> type) {
    return context.getBean(name, type);
  }

  Gatehouse gatehouse() {
    return context.getBean(Gatehouse.class);
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /**
   * A confirmed account signed in through the library, made staff first when asked.
   *
   * @return the access token of its new session
   */
  String signedIn(String email, boolean staff) {
    confirmedAccount(email);
    if (staff) {
      AuthStore store = bean(AuthStore.class);
      store.inTransaction(
          tx ->
              tx.users()
                  .update(
                      tx.users().findByEmail(email).orElseThrow().toBuilder().staff(true).build()));
    }
    SignInResult in =
        gatehouse().accounts().login(new AccountService.LoginRequest(email, PASSWORD, null));
    return ((SignInResult.SignedIn) in).tokens().accessToken();
  }

  OpenIdClients clients() {
    return gatehouse().feature(OpenIdClients.class);
  }

  /** A confirmed account with {@link #PASSWORD}, made through the library directly. */
  String confirmedAccount(String email) {
    gatehouse()
        .accounts()
        .register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
    String link =
        context.getBean(CapturingEmailSender.class).lastTo(email).orElseThrow().textBody();
    int at = link.indexOf("token=") + 6;
    int end = at;
    while (end < link.length()
        && (Character.isLetterOrDigit(link.charAt(end)) || "-_".indexOf(link.charAt(end)) >= 0)) {
      end++;
    }
    gatehouse().accounts().confirmEmail(link.substring(at, end));
    return email;
  }

  @Override
  public void close() {
    try {
      context.close();
    } finally {
      db.close();
    }
  }

  /** Emails and SMS captured in memory, delivered on the request thread right after the commit. */
  static class TestBeans {
    @Bean
    CapturingEmailSender capturingEmailSender() {
      return new CapturingEmailSender();
    }

    /**
     * The host's claims ({@link ClaimsTest}): {@code plan} and where it went for the scope {@code
     * plan}; for the scope {@code bad}, a claim that would replace {@code sub}, which is refused.
     */
    @Bean
    OpenIdClaims hostClaims() {
      return request -> {
        if (request.scopes().contains("bad")) {
          return Map.of("sub", "someone-else");
        }
        return request.scopes().contains("plan")
            ? Map.of("plan", "gold", "plan_for", request.target().name())
            : Map.of();
      };
    }

    /**
     * Each organisation an issuer of its own (ClaimsTest), the root issuer kept for the rest; not
     * with {@code provider-host.organization-issuers=false} (ProviderIssuerTest: one issuer).
     */
    @Bean
    @ConditionalOnProperty(
        name = "provider-host.organization-issuers",
        havingValue = "true",
        matchIfMissing = true)
    GatehouseModule openIdProvider() {
      return new OpenIdProvider().organizationIssuers();
    }

    /** A sender production mode accepts (it refuses the development one that logs). */
    @Bean
    CapturingSmsSender capturingSmsSender() {
      return new CapturingSmsSender();
    }

    @Bean
    GatehouseBuilderCustomizer deliverOnTheRequestThread() {
      return b -> b.deliveryExecutor(Runnable::run);
    }
  }
}
