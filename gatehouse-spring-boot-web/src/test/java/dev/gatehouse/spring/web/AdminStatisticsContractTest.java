package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.spring.web.Http.Reply;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The statistics route over HTTP (issue 61, item 3): 403 for a signed-in account that is not staff,
 * 401 without a token, whatever the query; the range's bound a typed 400; staff read one entry per
 * day with the sign-ins by method.
 */
class AdminStatisticsContractTest extends ContractTestSupport {
  @Autowired JpaAuthStore store;

  private String staffToken() throws Exception {
    String address = confirmedAccount();
    Reply first = http.post(base() + "/login/basic/", json("email", address, "password", PASSWORD));
    UUID id = UUID.fromString(first.json().get("user").get("id").asString());
    store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(id).orElseThrow().toBuilder().staff(true).build()));
    return http.post(base() + "/login/basic/", json("email", address, "password", PASSWORD))
        .text("access");
  }

  private String route(String query) {
    return base() + "/admin/statistics/" + query;
  }

  @Test
  void onlyStaffReadStatisticsWhateverTheQuery() throws Exception {
    String plain = login().text("access");
    for (String query :
        new String[] {"?from=2026-03-01&to=2026-03-02", "", "?from=yesterday&to=2026-03-02"}) {
      assertProblem(http.get(route(query), plain), 403, "forbidden");
      assertProblem(http.get(route(query), null), 401, "unauthorized");
      assertProblem(http.get(route(query), "not-a-token"), 401, "invalid_token");
    }
  }

  @Test
  void staffReadOneEntryPerDayAndTheRangeIsBounded() throws Exception {
    String staff = staffToken();
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    // Two SMS through a provider of this test's own, one sent and one failed.
    String provider = "p" + UUID.randomUUID().toString().substring(0, 8);
    store.inTransaction(
        tx -> {
          for (var status :
              java.util.List.of(
                  dev.gatehouse.core.store.DeliveryLogStore.DeliveryStatus.SENT,
                  dev.gatehouse.core.store.DeliveryLogStore.DeliveryStatus.FAILED)) {
            tx.deliveryLogs()
                .record(
                    new dev.gatehouse.core.store.DeliveryLogStore.Entry(
                        "sms",
                        "+44*******89",
                        "otp",
                        provider,
                        status,
                        null,
                        null,
                        "code ******",
                        clock.instant()));
          }
          return null;
        });
    Reply read = http.get(route("?from=" + today.minusDays(1) + "&to=" + today), staff);
    assertThat(read.status()).as(read.raw().body()).isEqualTo(200);
    assertThat(read.json().get("days").size()).isEqualTo(2);
    var last = read.json().get("days").get(1);
    assertThat(last.get("day").asString()).isEqualTo(today.toString());
    // The staff member's own two sign-ins at least (the database is shared with other tests).
    assertThat(last.get("sign_ins").get("pwd").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(last.get("lockouts").isNumber()).isTrue();
    java.util.List<String> mine = new java.util.ArrayList<>();
    last.get("deliveries")
        .forEach(
            d -> {
              if (d.get("provider").asString().equals(provider)) {
                mine.add(
                    d.get("channel").asString()
                        + " "
                        + d.get("purpose").asString()
                        + " "
                        + d.get("outcome").asString()
                        + " "
                        + d.get("count").asLong());
              }
            });
    assertThat(mine).containsExactly("sms otp failed 1", "sms otp sent 1");

    assertProblem(
        http.get(route("?from=" + today.minusDays(92) + "&to=" + today), staff),
        400,
        "invalid_range");
    assertProblem(
        http.get(route("?from=" + today + "&to=" + today.minusDays(1)), staff),
        400,
        "invalid_range");
    assertProblem(http.get(route("?from=" + today), staff), 400, "missing_field");
    assertProblem(http.get(route("?from=2026-02-30&to=" + today), staff), 400, "invalid_field");
  }
}
