package dev.gatehouse.core.account.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.internal.ClientDetails;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A reservation counts its IP's bucket before its account's (list order), and a settlement changes
 * both in key order ({@link dev.gatehouse.core.store.StoreTransaction#decrementAndClearCounters}):
 * the two orders agree only while every IP bucket sorts before every account and second-factor
 * bucket. A renamed prefix that broke that would let a counting and a settlement of the same two
 * buckets wait on each other in opposite orders.
 */
class BucketOrderTest {
  /** Not asked for secrets: every IP here is short enough to be kept as it is. */
  private final LoginThrottle throttle = new LoginThrottle(null, null, null);

  @Test
  void everyIpBucketSortsBeforeEveryAccountAndSecondFactorBucket() {
    // The extremes of each key space: the prefixes alone must decide.
    List<String> ips =
        List.of(
            throttle.networkBucket(ClientDetails.limitNetwork("0.0.0.0", 64)),
            throttle.networkBucket(ClientDetails.limitNetwork("203.0.113.7", 64)),
            throttle.networkBucket(
                ClientDetails.limitNetwork("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", 128)),
            throttle.networkBucket(ClientDetails.limitNetwork("\uffff".repeat(64), 64)));
    List<String> accounts =
        List.of(
            LoginThrottle.userBucket(new UUID(0, 0)),
            LoginThrottle.userBucket(new UUID(-1, -1)),
            LoginThrottle.userBucket(UUID.randomUUID()),
            // auth-mfa's account bucket (SecondFactorCounters), whose prefix is "mfa:user"
            "mfa:user:" + new UUID(0, 0),
            "mfa:user:" + new UUID(-1, -1));
    for (String ip : ips) {
      assertThat(ip).startsWith("login:ip:");
      for (String account : accounts) {
        assertThat(ip.compareTo(account)).as("%s before %s", ip, account).isNegative();
      }
    }
  }
}
