package dev.gatehouse.sms.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TwilioConfigTest {
  private static final String SID = "AC0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "f00dfeedf00dfeedf00dfeedf00dfeed";

  @Test
  void defaultsPointAtTwilio() {
    TwilioConfig config =
        TwilioConfig.builder().accountSid(SID).authToken(TOKEN).fromNumber("+14155550100").build();

    assertThat(config.baseUri()).isEqualTo(URI.create("https://api.twilio.com"));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.messagingServiceSid()).isEmpty();
  }

  @Test
  void toStringNeverShowsTheTokenNorTheWholeSid() {
    String text =
        TwilioConfig.builder()
            .accountSid(SID)
            .authToken(TOKEN)
            .fromNumber("+14155550100")
            .build()
            .toString();

    assertThat(text).doesNotContain(TOKEN).doesNotContain(SID).contains("cdef");
  }

  @Test
  void invalidSettingsFailNamingTheSetting() {
    assertThatThrownBy(() -> TwilioConfig.builder().accountSid("SK123"))
        .hasMessageContaining("accountSid");
    assertThatThrownBy(() -> TwilioConfig.builder().authToken(" "))
        .hasMessageContaining("authToken");
    assertThatThrownBy(() -> TwilioConfig.builder().messagingServiceSid("MG1"))
        .hasMessageContaining("messagingServiceSid");
    assertThatThrownBy(() -> TwilioConfig.builder().baseUri(URI.create("ftp://x")))
        .hasMessageContaining("baseUri");
    assertThatThrownBy(() -> TwilioConfig.builder().requestTimeout(Duration.ZERO))
        .hasMessageContaining("requestTimeout");
    assertThatThrownBy(() -> TwilioConfig.builder().accountSid(SID).authToken(TOKEN).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fromNumber")
        .hasMessageContaining("messagingServiceSid");
    assertThatThrownBy(() -> TwilioConfig.builder().authToken(TOKEN).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("accountSid");
  }
}
