package dev.gatehouse.email.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.email.smtp.SmtpConfig.SmtpSecurity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmtpConfigTest {

  @Test
  void thePortFollowsTheSecurityModeUnlessSet() {
    assertThat(SmtpConfig.builder().host("h").build().port()).isEqualTo(587);
    assertThat(SmtpConfig.builder().host("h").security(SmtpSecurity.SSL).build().port())
        .isEqualTo(465);
    assertThat(SmtpConfig.builder().host("h").security(SmtpSecurity.NONE).build().port())
        .isEqualTo(25);
    assertThat(SmtpConfig.builder().host("h").port(2525).build().port()).isEqualTo(2525);
  }

  @Test
  void startTlsIsRequiredByDefault() {
    assertThat(SmtpConfig.builder().host("h").build().startTlsRequired()).isTrue();
  }

  @Test
  void toStringNeverShowsThePassword() {
    String text = SmtpConfig.builder().host("h").credentials("user", "hunter2").build().toString();

    assertThat(text).contains("user").doesNotContain("hunter2");
  }

  @Test
  void invalidSettingsFailNamingTheSetting() {
    assertThatThrownBy(() -> SmtpConfig.builder().build()).hasMessageContaining("host");
    assertThatThrownBy(() -> SmtpConfig.builder().port(0)).hasMessageContaining("port");
    assertThatThrownBy(() -> SmtpConfig.builder().readTimeout(Duration.ZERO))
        .hasMessageContaining("readTimeout");
    assertThatThrownBy(() -> SmtpConfig.builder().credentials(" ", "x"))
        .hasMessageContaining("username");
    assertThatThrownBy(() -> SmtpConfig.builder().property("smtp.host", "x"))
        .hasMessageContaining("mail.");
  }
}
