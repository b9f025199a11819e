package dev.gatehouse.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.sms.SmsTemplates.SmsEncoding;
import dev.gatehouse.sms.SmsTemplates.SmsText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmsEncodingTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Your code is 123456|GSM_7|19",
        "Código: ÄÖÑÜ§¿äöñüà @£$¥èéùìòÇ|UCS_2|30", // ó is not in the GSM alphabet
        "Codigo: ÄÖÑÜ§¿äöñüà @£$¥èéùìòÇ ΔΦΓΛΩΠΨΣΘΞ|GSM_7|41",
        "Price 5€ [x]|GSM_7|15",
        "ç is not Ç|UCS_2|10",
        "emoji 😀|UCS_2|8",
      })
  void detectsTheEncodingAndCountsItsUnits(String text, SmsEncoding encoding, int length) {
    SmsText measured = SmsText.of(text);

    assertThat(measured.encoding()).isEqualTo(encoding);
    assertThat(measured.length()).isEqualTo(length);
  }

  @Test
  void segmentBoundariesFollowTheConcatenationHeader() {
    assertThat(SmsText.of("a".repeat(160)).segments()).isEqualTo(1);
    assertThat(SmsText.of("a".repeat(161)).segments()).isEqualTo(2);
    assertThat(SmsText.of("a".repeat(306)).segments()).isEqualTo(2);
    assertThat(SmsText.of("a".repeat(307)).segments()).isEqualTo(3);
    assertThat(SmsText.of("€".repeat(80)).segments()).isEqualTo(1);
    assertThat(SmsText.of("€".repeat(81)).segments()).isEqualTo(2);
    assertThat(SmsText.of("ж".repeat(70)).segments()).isEqualTo(1);
    assertThat(SmsText.of("ж".repeat(71)).segments()).isEqualTo(2);
    assertThat(SmsText.of("ж".repeat(134)).segments()).isEqualTo(2);
    assertThat(SmsText.of("ж".repeat(135)).segments()).isEqualTo(3);
    assertThat(SmsText.of("").segments()).isEqualTo(1);
  }

  @Test
  void toStringHidesTheText() {
    assertThat(SmsText.of("secret 123456").toString()).doesNotContain("123456");
  }
}
