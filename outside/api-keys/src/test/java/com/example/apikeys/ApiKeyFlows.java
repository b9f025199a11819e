package com.example.apikeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.apikeys.ApiKeyService.ApiKey;
import com.example.apikeys.ApiKeyService.CreatedKey;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.testing.CapturingEmailSender;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * The module's flows, the same on every store a host runs: the in-memory store ({@link
 * InMemoryApiKeysTest}) and PostgreSQL through the Spring Boot starter.
 */
abstract class ApiKeyFlows {
  /** The wire form of the refusal of a key that does not sign in. */
  static final String INVALID = "api_key_invalid";

  /** The most wrong keys a network may present in an hour, as the stores' hosts configure it. */
  static final int MAX_WRONG = 3;

  static final String PASSWORD = "violet-orbit-7731";

  /**
   * {@return a client on a network of its own}: the stores' hosts keep their counters across tests,
   * so no test shares a network with another
   */
  static ClientInfo newNetwork() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    return ClientInfo.web("10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255));
  }

  /** {@return the Gatehouse the module is installed into} */
  abstract Gatehouse gatehouse();

  /** {@return the mails Gatehouse sent, captured} */
  abstract CapturingEmailSender email();

  /**
   * {@return a new account's access token, verified}: registered, its address confirmed by the
   * emailed link, signed in with its password
   *
   * @param address the new account's address
   */
  VerifiedAccessToken newAccount(String address) {
    return gatehouse().sessions().verifyAccessToken(signUp(address).tokens().accessToken());
  }

  /**
   * {@return a new account's sign-in}: registered, its address confirmed by the emailed link,
   * signed in with its password
   *
   * @param address the new account's address
   */
  SignInResult.SignedIn signUp(String address) {
    gatehouse()
        .accounts()
        .register(RegistrationRequest.builder().email(address).password(PASSWORD).build());
    Matcher link =
        Pattern.compile("token=([A-Za-z0-9_-]+)")
            .matcher(email().lastTo(address).orElseThrow().textBody());
    assertThat(link.find()).isTrue();
    gatehouse().accounts().confirmEmail(link.group(1));
    return gatehouse().accounts().login(LoginRequest.of(address, PASSWORD)).orElseThrow();
  }

  ApiKeyService keys() {
    return gatehouse().feature(ApiKeyService.class);
  }

  static String unique(String name) {
    return name + "-" + UUID.randomUUID() + "@example.com";
  }

  static AbstractThrowableAssert<?, ?> assertRefused(Runnable call, String code) {
    return assertThatThrownBy(call::run)
        .isInstanceOf(AuthException.class)
        .satisfies(e -> assertThat(((AuthException) e).code()).isEqualTo(code));
  }

  @Test
  void aCreatedKeySignsInAsItsAccountAndGetsGatehousesTokenPair() {
    VerifiedAccessToken ann = newAccount(unique("ann"));
    CreatedKey created = keys().create(ann, "nightly export");

    SignInResult.SignedIn in = keys().signIn(created.key(), newNetwork()).orElseThrow();

    assertThat(in.userId()).isEqualTo(ann.userPublicId());
    assertThat(in.methods()).containsExactly("api_key");
    assertThat(gatehouse().sessions().verifyAccessToken(in.tokens().accessToken()).userPublicId())
        .isEqualTo(ann.userPublicId());
    assertThat(created.toString()).doesNotContain(created.key());
    ApiKey listed = keys().list(ann).get(0);
    assertThat(listed.id()).isEqualTo(created.description().id());
    assertThat(listed.name()).isEqualTo("nightly export");
    assertThat(listed.lastUsedAt()).isNotNull();
  }

  @Test
  void aWrongKeyIsRefusedAsInvalidWhateverIsWrongWithIt() {
    VerifiedAccessToken bob = newAccount(unique("bob"));
    String key = keys().create(bob, "ci").key();
    String wrongSecret =
        key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
    String unknownId = "gk_" + UUID.randomUUID().toString().replace("-", "") + key.substring(35);

    assertRefused(() -> keys().signIn(wrongSecret, newNetwork()), INVALID);
    assertRefused(() -> keys().signIn(unknownId, newNetwork()), INVALID);
    assertRefused(() -> keys().signIn("not a key", newNetwork()), INVALID);
    assertThat(keys().signIn(key, newNetwork())).isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void aNetworkOverItsWrongKeysIsRefusedEvenTheRightKeyWhileAnotherNetworkSignsIn() {
    VerifiedAccessToken cy = newAccount(unique("cy"));
    String key = keys().create(cy, "deploy").key();
    ClientInfo attacker = newNetwork();
    String wrong = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
    // Right keys never count: many sign-ins from one network stay welcome.
    for (int i = 0; i < MAX_WRONG + 2; i++) {
      assertThat(keys().signIn(key, attacker)).isInstanceOf(SignInResult.SignedIn.class);
    }
    for (int i = 0; i < MAX_WRONG; i++) {
      assertRefused(() -> keys().signIn(wrong, attacker), INVALID);
    }

    assertRefused(() -> keys().signIn(key, attacker), "rate_limited");
    assertRefused(() -> keys().signIn(wrong, attacker), "rate_limited");
    assertThat(keys().signIn(key, newNetwork()).orElseThrow().userId())
        .isEqualTo(cy.userPublicId());
  }

  @Test
  void aRevokedKeySignsInNoMoreAndOnlyItsOwnerRevokesIt() {
    VerifiedAccessToken dee = newAccount(unique("dee"));
    VerifiedAccessToken eve = newAccount(unique("eve"));
    CreatedKey kept = keys().create(dee, "kept");
    CreatedKey revoked = keys().create(dee, "revoked");

    assertThat(keys().revoke(eve, kept.description().id())).isFalse();
    assertThat(keys().list(eve)).isEmpty();
    assertThat(keys().revoke(dee, revoked.description().id())).isTrue();

    assertThat(keys().list(dee)).extracting(ApiKey::name).containsExactly("kept");
    assertRefused(() -> keys().signIn(revoked.key(), newNetwork()), INVALID);
    assertThat(keys().signIn(kept.key(), newNetwork()).orElseThrow().userId())
        .isEqualTo(dee.userPublicId());
  }

  @Test
  void aKeyNeedsANameOfOneToAHundredCharacters() {
    VerifiedAccessToken fay = newAccount(unique("fay"));

    assertRefused(() -> keys().create(fay, "  "), "invalid_label");
    assertRefused(() -> keys().create(fay, "x".repeat(101)), "invalid_label");
    assertThat(keys().list(fay)).isEmpty();
  }

  @Test
  void creatingAKeyMailsItsOwnerWithTheModulesTemplate() {
    String address = unique("hal");
    VerifiedAccessToken hal = newAccount(address);

    keys().create(hal, "laptop");

    assertThat(email().lastTo(address).orElseThrow().subject()).contains("A new API key");
  }
}
