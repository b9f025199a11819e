package dev.gatehouse.core.flows.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.testing.Bursts;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The per-network limits of the requests anyone may make (issue 33, "add what is missing"): a
 * registration, a reset link or a confirmation resend mails an address of the caller's choosing;
 * one client must not do so without bound. Each limit holds exactly at its default under parallel
 * requests from one network, refused requests send nothing, and IPv6 addresses count per /64 (the
 * passkey sign-in options' limit is tested with the passkey module, PasskeyOptionsLimitTest).
 */
class NetworkLimitsTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final String PASSWORD = "correct horse battery staple";
  private static final String ALLOWED = "allowed";
  private static final String LIMITED = "limited";

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void registrationsFromOneNetworkStopAtTheDefaultLimitUnderParallelRequests(StoreKind kind)
      throws Exception {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    int max = f.gatehouse.config().get(ThrottleSettings.REGISTRATION_MAX_PER_IP);
    ClientInfo client = ClientInfo.web("198.51.100.10");
    int mailsBefore = f.email.sent().size();
    List<String> addresses = new ArrayList<>();
    AtomicInteger next = new AtomicInteger();
    for (int i = 0; i < max + 6; i++) {
      addresses.add("reg-" + UUID.randomUUID() + "@example.test");
    }

    List<String> answers =
        Bursts.run(
            max + 6,
            16,
            () ->
                answer(
                    () ->
                        f.gatehouse
                            .accounts()
                            .register(
                                RegistrationRequest.builder()
                                    .email(addresses.get(next.getAndIncrement()))
                                    .password(PASSWORD)
                                    .build(),
                                client)));

    assertThat(answers.stream().filter(ALLOWED::equals).count()).isEqualTo(max);
    assertThat(answers.stream().filter(LIMITED::equals).count()).isEqualTo(6);
    long created =
        addresses.stream().filter(a -> f.gatehouse.accounts().findByEmail(a).isPresent()).count();
    assertThat(created).as("accounts created").isEqualTo(max);
    assertThat(f.email.sent().size() - mailsBefore).as("confirmation mails").isEqualTo(max);
    // Another network is not affected.
    f.gatehouse
        .accounts()
        .register(
            RegistrationRequest.builder()
                .email("reg-" + UUID.randomUUID() + "@example.test")
                .password(PASSWORD)
                .build(),
            ClientInfo.web("192.0.2.77"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void resetRequestsAndResendsShareOneLimitAndRefusedOnesSendNothing(StoreKind kind)
      throws Exception {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    int max = f.gatehouse.config().get(ThrottleSettings.ACCOUNT_MAIL_MAX_PER_IP);
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < max + 5; i++) {
      String email = "mail-" + UUID.randomUUID() + "@example.test";
      f.gatehouse
          .accounts()
          .register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
      accounts.add(email);
    }
    ClientInfo client = ClientInfo.web("203.0.113.20");
    int mailsBefore = f.email.sent().size();
    AtomicInteger next = new AtomicInteger();

    List<String> answers =
        Bursts.run(
            max + 5,
            16,
            () -> {
              int i = next.getAndIncrement();
              String email = accounts.get(i);
              return answer(
                  () -> {
                    if (i % 2 == 0) {
                      f.gatehouse.accounts().requestPasswordReset(email, client);
                    } else {
                      f.gatehouse.accounts().resendConfirmation(email, client);
                    }
                  });
            });

    assertThat(answers.stream().filter(ALLOWED::equals).count()).isEqualTo(max);
    assertThat(answers.stream().filter(LIMITED::equals).count()).isEqualTo(5);
    f.gatehouse.deliverPending();
    assertThat(f.email.sent().size() - mailsBefore)
        .as("a mail for each request let through, none for a refused one")
        .isEqualTo(max);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void ipv6AddressesOfOneSlash64AreOneNetworkAndARefusalSaysNothingAboutAccounts(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    int max = f.gatehouse.config().get(ThrottleSettings.ACCOUNT_MAIL_MAX_PER_IP);
    String known = "known-" + UUID.randomUUID() + "@example.test";
    f.gatehouse
        .accounts()
        .register(RegistrationRequest.builder().email(known).password(PASSWORD).build());
    String net = "2001:db8:30:7:";
    for (int i = 1; i <= max; i++) {
      // A new address each time, as a client rotating through its /64 would.
      f.gatehouse
          .accounts()
          .requestPasswordReset(
              "nobody-" + i + "@example.test",
              ClientInfo.web(net + Integer.toHexString(i) + "::1"));
    }
    ClientInfo sameNetwork = ClientInfo.web(net + "ffff:ffff:ffff:ffff");
    assertThatThrownBy(() -> f.gatehouse.accounts().requestPasswordReset(known, sameNetwork))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("rate_limited");
              assertThat(e.retryAfter()).isPositive();
            });
    assertThatThrownBy(
            () ->
                f.gatehouse
                    .accounts()
                    .resendConfirmation("unknown-" + UUID.randomUUID() + "@x.test", sameNetwork))
        .isInstanceOf(RateLimitedException.class)
        .hasMessage("too many requests from this network; try again later");
    // The next /64 is another network.
    f.gatehouse.accounts().requestPasswordReset(known, ClientInfo.web("2001:db8:30:8::1"));
    // The window ends after an hour.
    f.clock.advance(java.time.Duration.ofMinutes(61));
    f.gatehouse.accounts().requestPasswordReset(known, sameNetwork);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void registrationsAndResetRequestsFromLoopbackAreLimitedLikeAnyClient(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    // A proxy on the same host whose forwarded address nobody trusts: every client is loopback.
    assertThat(loopbackAnswers(f, "127.0.0.1")).containsExactly(ALLOWED, LIMITED, ALLOWED, LIMITED);
    assertThat(loopbackAnswers(f, "::1")).containsExactly(ALLOWED, LIMITED, ALLOWED, LIMITED);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theDevelopmentExemptionLeavesLoopbackUncountedAndIsRefusedInProduction(StoreKind kind) {
    GatehouseFixture f =
        new GatehouseFixture(
            FIXTURES.get(kind), b -> b.set(ThrottleSettings.DEVELOPMENT_EXEMPT_LOOPBACK, true));
    assertThat(loopbackAnswers(f, "127.0.0.1")).containsExactly(ALLOWED, ALLOWED, ALLOWED, ALLOWED);
    // Any other client is still counted.
    assertThat(loopbackAnswers(f, "198.51.100.99"))
        .containsExactly(ALLOWED, LIMITED, ALLOWED, LIMITED);

    assertThatThrownBy(
            () ->
                GatehouseConfig.builder()
                    .set(GatehouseConfig.ENVIRONMENT, GatehouseConfig.Environment.PRODUCTION)
                    .set(GatehouseConfig.SECRET_KEY, "k".repeat(32))
                    .set(GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example"))
                    .set(ThrottleSettings.DEVELOPMENT_EXEMPT_LOOPBACK, true)
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "gatehouse.throttle.development.exempt-loopback is for development only");
  }

  /**
   * From one address: a burst of registrations one over the limit (the last refused, or not), then
   * a burst of reset requests one over theirs: what the last two of each burst answered.
   */
  private static List<String> loopbackAnswers(GatehouseFixture f, String ip) {
    ClientInfo client = ClientInfo.web(ip);
    List<String> answers = new ArrayList<>();
    int registrations = f.gatehouse.config().get(ThrottleSettings.REGISTRATION_MAX_PER_IP);
    for (int i = 0; i <= registrations; i++) {
      String answer =
          answer(
              () ->
                  f.gatehouse
                      .accounts()
                      .register(
                          RegistrationRequest.builder()
                              .email("lo-" + UUID.randomUUID() + "@example.test")
                              .password(PASSWORD)
                              .build(),
                          client));
      if (i >= registrations - 1) {
        answers.add(answer);
      }
    }
    int resets = f.gatehouse.config().get(ThrottleSettings.ACCOUNT_MAIL_MAX_PER_IP);
    for (int i = 0; i <= resets; i++) {
      String answer =
          answer(
              () ->
                  f.gatehouse
                      .accounts()
                      .requestPasswordReset("lo-" + UUID.randomUUID() + "@example.test", client));
      if (i >= resets - 1) {
        answers.add(answer);
      }
    }
    return answers;
  }

  /** What one request answered: let through, or refused by a limit (anything else fails). */
  private static String answer(Runnable request) {
    try {
      request.run();
      return ALLOWED;
    } catch (RateLimitedException e) {
      assertThat(e.code()).isEqualTo("rate_limited");
      return LIMITED;
    }
  }
}
