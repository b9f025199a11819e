package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.spring.web.Http.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A module's header credential ({@link HeaderKeyModule}, {@code X-Test-Key}) on the host's own
 * routes, through the starter's chain: a right key is the account to the host's {@code
 * PreAuthorize} with the authorities its bearer token gets; a wrong, revoked or garbled key is a
 * 401 in the contract's shape, audited and counted against the network, until the network is
 * refused; a disabled account's key and an account with a second factor are refused; a bearer and a
 * key together are refused. On H2 (the test host's database), with a race of wrong keys.
 */
@TestPropertySource(properties = "gatehouse.test.key-module=true")
@Import(ModuleCredentialTest.KeyedHost.class)
class ModuleCredentialTest extends ContractTestSupport {
  /** The host's own routes behind method security, as a Spring host writes them. */
  @Configuration(proxyBeanMethods = false)
  @EnableMethodSecurity
  @Import(KeyedController.class)
  static class KeyedHost {}

  @RestController
  static class KeyedController {
    @PostMapping("/api/keyed/admin/")
    @PreAuthorize("hasRole('superuser')")
    Map<String, Object> admin(JwtAuthenticationToken auth) {
      return Map.of("user", auth.getName());
    }

    // snippet:start keyed-route
    @GetMapping("/api/keyed/")
    @PreAuthorize("isAuthenticated()")
    Map<String, Object> whoAmI(JwtAuthenticationToken auth) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("user", auth.getName()); // the key's account
      body.put("amr", auth.getToken().getClaimAsStringList("amr")); // the module's method
      body.put(
          "authorities",
          auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
      return body;
    }
    // snippet:end keyed-route
  }

  private HeaderKeyModule.TestKeys keys() {
    return gatehouse.feature(HeaderKeyModule.TestKeys.class);
  }

  /** Each test in a fresh hour: the wrong keys of another test's network count no more. */
  @BeforeEach
  void nextHour() {
    clock.advance(Duration.ofHours(2));
  }

  private UUID account(String address) {
    return gatehouse.accounts().findByEmail(address).orElseThrow().id();
  }

  private Reply keyed(String method, String path, String key) throws Exception {
    return http.send(method, path, null, null, HeaderKeyModule.HEADER, key);
  }

  @Test
  void aRightKeyIsTheAccountToTheHostsPreAuthorizeWithItsBearersAuthorities() throws Exception {
    String address = confirmedAccount();
    UUID account = account(address);
    String key = keys().issue(account);

    Reply byKey = keyed("GET", "/api/keyed/", key);
    assertThat(byKey.status()).as(byKey.raw().body()).isEqualTo(200);
    assertThat(byKey.text("user")).isEqualTo(account.toString());
    assertThat(byKey.json().get("amr").get(0).asString()).isEqualTo("test_key");

    String bearer =
        http.post(base() + "/login/basic/", Http.json("email", address, "password", PASSWORD))
            .text("access");
    Reply byBearer = http.get("/api/keyed/", bearer);
    assertThat(byBearer.status()).isEqualTo(200);
    assertThat(byKey.json().get("authorities")).isEqualTo(byBearer.json().get("authorities"));

    // Roles as a bearer's: a superuser's key passes hasRole('superuser'), a user's does not.
    assertThat(keyed("POST", "/api/keyed/admin/", key).status()).isEqualTo(403);
    jpaStore.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(account).orElseThrow().toBuilder()
                        .superuser(true)
                        .build()));
    Reply admin = keyed("POST", "/api/keyed/admin/", key);
    assertThat(admin.status()).as(admin.raw().body()).isEqualTo(200);
    assertThat(admin.text("user")).isEqualTo(account.toString());
  }

  @Test
  void aWrongRevokedOrGarbledKeyIsA401AuditedAndCounted() throws Exception {
    UUID account = account(confirmedAccount());
    String key = keys().issue(account);
    keys().revoke(key);
    String unknown = keys().issue(account);
    keys().revoke(unknown);
    String live = keys().issue(account);
    String wrongSecret = live.substring(0, 36) + "A".repeat(43);
    String counter = keys().counterKey("127.0.0.1");

    for (String presented : List.of(key, wrongSecret, "garbled", "tk_" + "0".repeat(32) + "_x")) {
      assertProblem(keyed("GET", "/api/keyed/", presented), 401, "test_key_refused");
    }
    assertThat(count(counter)).isEqualTo(4);
    // One answer whatever was wrong; the trail keeps the wrong secret of the account's live key.
    List<AuditEntry> trail = gatehouse.audit().forUser(account, 10);
    assertThat(trail)
        .filteredOn(e -> "test_key".equals(e.method()))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.reason()).isEqualTo("test_key_refused"));
  }

  @Test
  void aDisabledAccountsKeyIsRefusedAsAWrongKeyIs() throws Exception {
    UUID account = account(confirmedAccount());
    String key = keys().issue(account);
    assertThat(keyed("GET", "/api/keyed/", key).status()).isEqualTo(200);
    jpaStore.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(account).orElseThrow().toBuilder()
                        .active(false)
                        .build()));

    assertProblem(keyed("GET", "/api/keyed/", key), 401, "test_key_refused");
  }

  @Test
  void anAccountWithASecondFactorIsRefusedSinceAHeaderCannotAnswerTheStep() throws Exception {
    UUID account = account(confirmedAccount());
    String key = keys().issue(account);
    assertThat(keyed("GET", "/api/keyed/", key).status()).isEqualTo(200);
    jpaStore.inTransaction(
        tx -> {
          tx.secondFactors().savePendingTotp(account, "sealed-seed", clock.instant());
          return tx.secondFactors().confirmTotp(account, "sealed-seed", 1, clock.instant());
        });

    // Fails closed, as the pipeline's second step does for every method, with the one refusal.
    assertProblem(keyed("GET", "/api/keyed/", key), 401, "test_key_refused");
  }

  @Test
  void aBearerAndAKeyTogetherAreRefusedAndTheContractsRoutesIgnoreTheKey() throws Exception {
    String address = confirmedAccount();
    String key = keys().issue(account(address));
    String bearer =
        http.post(base() + "/login/basic/", Http.json("email", address, "password", PASSWORD))
            .text("access");

    assertProblem(
        http.send("GET", "/api/keyed/", null, bearer, HeaderKeyModule.HEADER, key),
        400,
        "bad_request");
    // The contract's routes stay bearer-only: the key is no caller there.
    assertProblem(keyed("GET", base() + "/me/", key), 401, "unauthorized");
  }

  @Test
  void concurrentWrongKeysAreEachCountedAndThenTheNetworkIsRefused() throws Exception {
    String key = keys().issue(account(confirmedAccount()));
    String counter = keys().counterKey("127.0.0.1");
    int wrong = 10; // gatehouse.throttle.login.max-failures' default
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < wrong; i++) {
        String presented = key.substring(0, 36) + String.format("%043d", i);
        answers.add(
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return keyed("GET", "/api/keyed/", presented).status();
                }));
      }
      start.countDown();
      for (Future<Integer> answer : answers) {
        assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(401);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count(counter)).isEqualTo(wrong);

    // The network reached its maximum: its right key is refused too, until the hour ends.
    Reply refused = keyed("GET", "/api/keyed/", key);
    assertProblem(refused, 429, "rate_limited");
    assertThat(refused.header("Retry-After")).isNotBlank();
    clock.advance(Duration.ofHours(2));
    assertThat(keyed("GET", "/api/keyed/", key).status()).isEqualTo(200);
  }

  private long count(String counterKey) {
    return jpaStore.inTransaction(
        tx -> tx.counters().find(counterKey).map(s -> s.count()).orElse(0L));
  }
}
