package dev.gatehouse.core.account.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.AccountUpdate;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.session.ClientInfo;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AccountValuesTest {

  @Test
  void requestsNeverPrintTheirPasswordOrIdentifier() {
    RegistrationRequest r =
        RegistrationRequest.builder().email("alice@example.test").password("s3cret-pw-x").build();
    assertThat(r.toString()).doesNotContain("s3cret").doesNotContain("alice");
    LoginRequest l =
        new LoginRequest("alice@example.test", "s3cret-pw-x", ClientInfo.web("1.2.3.4"));
    assertThat(l.toString()).doesNotContain("s3cret").doesNotContain("alice");
  }

  @Test
  void theLoginDelayDoublesAndIsCappedByTheLockDuration() {
    Duration cap = Duration.ofMinutes(15);
    assertThat(LoginThrottle.delay(0, cap)).isEqualTo(Duration.ofSeconds(1));
    assertThat(LoginThrottle.delay(3, cap)).isEqualTo(Duration.ofSeconds(8));
    assertThat(LoginThrottle.delay(10, cap)).isEqualTo(cap);
    assertThat(LoginThrottle.delay(1000, cap)).isEqualTo(cap);
  }

  @Test
  void anUpdateChangesOnlyTheFieldsItNames() {
    AccountUpdate u = AccountUpdate.none().withTimeZone("UTC");
    assertThat(u.language()).isNull();
    assertThat(u.username()).isNull();
    assertThat(u.timeZone()).isEqualTo("UTC");
  }
}
