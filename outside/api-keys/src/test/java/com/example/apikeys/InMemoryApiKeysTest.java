package com.example.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The module's flows on auth-testing's in-memory store, as a host's tests run without a database.
 */
class InMemoryApiKeysTest extends ApiKeyFlows {
  private static final String PASSWORD = "violet-orbit-7731";

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
  private final CapturingEmailSender email = new CapturingEmailSender();
  private Gatehouse gatehouse;

  @BeforeEach
  void build() {
    GatehouseConfig config =
        GatehouseConfig.builder()
            .clock(clock)
            .set(GatehouseConfig.SECRET_KEY, "a-test-secret-key-of-at-least-32-bytes")
            .set(ApiKeySettings.MAX_WRONG_PER_IP, MAX_WRONG)
            .build();
    gatehouse =
        Gatehouse.builder(config, new InMemoryAuthStore())
            .emailSender(email)
            .deliveryExecutor(Runnable::run)
            .install(new ApiKeys())
            .build();
  }

  @AfterEach
  void close() {
    gatehouse.close();
  }

  @Override
  Gatehouse gatehouse() {
    return gatehouse;
  }

  @Override
  VerifiedAccessToken newAccount(String address) {
    gatehouse
        .accounts()
        .register(RegistrationRequest.builder().email(address).password(PASSWORD).build());
    Matcher link =
        Pattern.compile("token=([A-Za-z0-9_-]+)")
            .matcher(email.lastTo(address).orElseThrow().textBody());
    assertThat(link.find()).isTrue();
    gatehouse.accounts().confirmEmail(link.group(1));
    SignInResult.SignedIn in =
        gatehouse.accounts().login(LoginRequest.of(address, PASSWORD)).orElseThrow();
    return gatehouse.sessions().verifyAccessToken(in.tokens().accessToken());
  }

  @Test
  void aNetworkOverItsWrongKeysSignsInAgainOnceTheHourEnds() {
    VerifiedAccessToken gil = newAccount(unique("gil"));
    String key = keys().create(gil, "cron").key();
    String wrong = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (int i = 0; i < MAX_WRONG; i++) {
      assertRefused(() -> keys().signIn(wrong, HOME), INVALID);
    }
    assertRefused(() -> keys().signIn(key, HOME), "rate_limited");

    clock.advance(Duration.ofHours(1));

    assertThat(keys().signIn(key, HOME).orElseThrow().userId()).isEqualTo(gil.userPublicId());
  }
}
