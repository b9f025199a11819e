package dev.gatehouse.sms.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MiniJsonTest {

  @Test
  void readsTwiliosShapes() {
    Map<String, Object> json =
        MiniJson.parseObject(
            " {\"code\": 21211, \"message\": \"Invalid \\\"To\\\" \\u00fc\\n\", \"more_info\":"
                + " \"https:\\/\\/www.twilio.com\", \"status\": 400, \"price\": -0.0075e0,"
                + " \"ok\": true, \"no\": false, \"date_sent\": null, \"uris\": {\"a\": [1, \"b\", []]}} ");

    assertThat(json.get("code")).isEqualTo(new BigDecimal("21211"));
    assertThat(json.get("message")).isEqualTo("Invalid \"To\" ü\n");
    assertThat(json.get("more_info")).isEqualTo("https://www.twilio.com");
    assertThat(json.get("ok")).isEqualTo(Boolean.TRUE);
    assertThat(json.get("date_sent")).isSameAs(MiniJson.NULL);
    assertThat(json.get("uris"))
        .isEqualTo(Map.of("a", List.of(new BigDecimal("1"), "b", List.of())));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "\"sid\"",
        "{",
        "{\"sid\": \"SM1\",}",
        "{\"sid\": \"SM1\"} x",
        "{\"sid\": 'SM1'}",
        "{\"n\": 01}",
        "{\"n\": 1.}",
        "{\"s\": \"\\x\"}",
        "{\"s\": \"\\u12\"}",
        "<html>502 Bad Gateway</html>",
        "{\"a\": tru}"
      })
  void rejectsAnythingButOneWellFormedObject(String text) {
    assertThatThrownBy(() -> MiniJson.parseObject(text))
        .isInstanceOf(MiniJson.MalformedJsonException.class);
  }

  @Test
  void rejectsDeepNesting() {
    String deep = "{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}";

    assertThatThrownBy(() -> MiniJson.parseObject(deep))
        .isInstanceOf(MiniJson.MalformedJsonException.class)
        .hasMessageContaining("deeply");
  }
}
