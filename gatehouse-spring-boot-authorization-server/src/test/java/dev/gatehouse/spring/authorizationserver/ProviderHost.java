package dev.gatehouse.spring.authorizationserver;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import dev.gatehouse.spring.boot.host.HostApplication;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.DeliveryGate;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
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
    return start(kind, more, new Class<?>[0]);
  }

  /** A host on a database of its own, with {@code more} Spring properties and bean classes. */
  static ProviderHost start(DatabaseKind kind, Map<String, String> more, Class<?>... beans) {
    TestDatabase db = TestDatabase.create(kind);
    try {
      List<Class<?>> sources = new ArrayList<>(List.of(HostApplication.class, TestBeans.class));
      sources.addAll(List.of(beans));
      SpringApplication app = new SpringApplication(sources.toArray(Class<?>[]::new));
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
    gatehouse().accounts().confirmEmail(linkToken(mailAfter(email, null).textBody()));
    return email;
  }

  /** The token of the link in a mail's text. */
  static String linkToken(String text) {
    int at = text.indexOf("token=") + 6;
    int end = at;
    while (end < text.length()
        && (Character.isLetterOrDigit(text.charAt(end)) || "-_".indexOf(text.charAt(end)) >= 0)) {
      end++;
    }
    return text.substring(at, end);
  }

  /**
   * The last mail to {@code email}, once it is another than {@code before}: at once on a host that
   * delivers on the request thread; on one with delivery workers ({@code
   * provider-host.counted-mail=true}), waiting for the sends the gate counts (a latch with a
   * timeout, never a sleep).
   */
  EmailMessage mailAfter(String email, @Nullable EmailMessage before) {
    CountedMail counted = context.getBeanProvider(CountedMail.class).getIfAvailable();
    CapturingEmailSender sent =
        counted == null ? context.getBean(CapturingEmailSender.class) : counted.captured();
    DeliveryGate gate = counted == null ? null : counted.gate();
    for (int n = 1; ; n++) {
      Optional<EmailMessage> last = sent.lastTo(email).filter(m -> m != before);
      if (last.isPresent()) {
        return last.get();
      }
      try {
        if (gate == null || !gate.awaitFinished(n, Duration.ofSeconds(30))) {
          throw new AssertionError("no new mail to " + email);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    try {
      context.close();
    } finally {
      db.close();
    }
  }

  /** Mail captured and counted, on a host with delivery workers. */
  record CountedMail(CapturingEmailSender captured, DeliveryGate gate) {}

  /** {@return the last mail to {@code email}, if any} */
  Optional<EmailMessage> lastMail(String email) {
    CountedMail counted = context.getBeanProvider(CountedMail.class).getIfAvailable();
    return (counted == null ? context.getBean(CapturingEmailSender.class) : counted.captured())
        .lastTo(email);
  }

  /** Emails and SMS captured in memory, delivered on the request thread right after the commit. */
  static class TestBeans {
    @Bean
    @ConditionalOnProperty(
        name = "provider-host.counted-mail",
        havingValue = "false",
        matchIfMissing = true)
    CapturingEmailSender capturingEmailSender() {
      return new CapturingEmailSender();
    }

    /**
     * With {@code provider-host.counted-mail=true} (a host with delivery workers), mail captured
     * and counted by an open gate, so a test waits for one without sleeping.
     */
    @Bean
    @ConditionalOnProperty(name = "provider-host.counted-mail", havingValue = "true")
    CountedMail countedMail() {
      DeliveryGate gate = DeliveryGate.shut();
      gate.open();
      return new CountedMail(new CapturingEmailSender(), gate);
    }

    @Bean
    @ConditionalOnProperty(name = "provider-host.counted-mail", havingValue = "true")
    dev.gatehouse.email.EmailSender countedEmailSender(CountedMail mail) {
      return mail.gate().guard(mail.captured());
    }

    /**
     * The host's claims ({@link ClaimsTest}): {@code plan} and where it went for the scope {@code
     * plan}; for the scope {@code bad}, a claim that would replace {@code sub}, which is refused.
     */
    @Bean
    OpenIdClaims hostClaims() {
      return new OpenIdClaims() {
        @Override
        public Map<String, ?> claims(Request request) {
          if (request.scopes().contains("bad")) {
            return Map.of("sub", "someone-else");
          }
          return request.scopes().contains("plan")
              ? Map.of("plan", "gold", "plan_for", request.target().name())
              : Map.of();
        }

        /** Listed in discovery (DiscoveryTest). */
        @Override
        public Set<String> scopes() {
          return Set.of("plan");
        }

        @Override
        public Set<String> claimNames() {
          return Set.of("plan", "plan_for");
        }
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

    /**
     * Not with {@code provider-host.deliver-on-request-thread=false} (BackchannelLogoutTest: the
     * delivery workers of a production host).
     */
    @Bean
    @ConditionalOnProperty(
        name = "provider-host.deliver-on-request-thread",
        havingValue = "true",
        matchIfMissing = true)
    GatehouseBuilderCustomizer deliverOnTheRequestThread() {
      return b -> b.deliveryExecutor(Runnable::run);
    }
  }
}
