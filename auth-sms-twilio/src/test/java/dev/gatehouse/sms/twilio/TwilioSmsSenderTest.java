package dev.gatehouse.sms.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.sms.SmsSender.SmsMessage;
import dev.gatehouse.sms.SmsSender.SmsReceipt;
import dev.gatehouse.sms.twilio.TwilioSmsSender.TwilioDeliveryException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwilioSmsSenderTest {
  private static final String TO = "+14155550123";
  private static final String FROM = "+14155550100";
  private static final String BODY = "123456 is your Acme code & more: ü = ok +1";

  private FakeTwilio twilio;

  @BeforeEach
  void start() throws Exception {
    twilio = new FakeTwilio();
  }

  @AfterEach
  void stop() {
    twilio.close();
  }

  private TwilioConfig.Builder config() {
    return TwilioConfig.builder()
        .accountSid(FakeTwilio.ACCOUNT_SID)
        .authToken(FakeTwilio.AUTH_TOKEN)
        .fromNumber(FROM)
        .baseUri(twilio.baseUri())
        .connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(5));
  }

  private TwilioSmsSender sender() {
    return new TwilioSmsSender(config().build());
  }

  @Test
  void postsTheDocumentedFormWithBasicAuthAndReadsTheSid() {
    SmsReceipt receipt = sender().send(new SmsMessage(TO, BODY, null));

    assertThat(receipt.provider()).isEqualTo("twilio");
    assertThat(receipt.providerMessageId()).matches("SM[0-9a-f]{32}");
    assertThat(receipt.status()).isEqualTo("queued");
    FakeTwilio.Request request = twilio.requests.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path())
        .isEqualTo("/2010-04-01/Accounts/" + FakeTwilio.ACCOUNT_SID + "/Messages.json");
    assertThat(request.authorization())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (FakeTwilio.ACCOUNT_SID + ":" + FakeTwilio.AUTH_TOKEN).getBytes(UTF_8)));
    assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(request.form())
        .containsExactly(Map.entry("To", TO), Map.entry("From", FROM), Map.entry("Body", BODY));
  }

  @Test
  void aMessagingServiceIsSentInsteadOfAFromNumber() {
    String service = "MG0123456789abcdef0123456789abcdef";
    TwilioSmsSender sender =
        new TwilioSmsSender(
            TwilioConfig.builder()
                .accountSid(FakeTwilio.ACCOUNT_SID)
                .authToken(FakeTwilio.AUTH_TOKEN)
                .messagingServiceSid(service)
                .baseUri(twilio.baseUri())
                .build());

    sender.send(new SmsMessage(TO, BODY, null));

    assertThat(twilio.requests.get(0).form())
        .containsEntry("MessagingServiceSid", service)
        .doesNotContainKey("From");
  }

  @Test
  void theMessagesSenderIdReplacesTheConfiguredFrom() {
    sender().send(new SmsMessage(TO, BODY, "Acme"));

    assertThat(twilio.requests.get(0).form()).containsEntry("From", "Acme");
  }

  @Test
  void anInvalidNumberIsAPermanentFailureWithTwiliosCode() {
    TwilioDeliveryException e =
        catchThrowableOfType(
            TwilioDeliveryException.class,
            () -> sender().send(new SmsMessage("555-0123", BODY, null)));

    assertThat(e.retryable()).isFalse();
    assertThat(e.providerErrorCode()).isEqualTo("21211");
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.moreInfo()).contains("https://www.twilio.com/docs/errors/21211");
    assertThat(e.twilioMessage()).hasValueSatisfying(m -> assertThat(m).contains("Invalid 'To'"));
    assertThat(e.getMessage()).doesNotContain(BODY).doesNotContain("123456").contains("21211");
  }

  @Test
  void aWrongAuthTokenIsAPermanentFailure() {
    TwilioSmsSender sender =
        new TwilioSmsSender(config().authToken("0000feedf00dfeedf00dfeedf00dfeed").build());

    TwilioDeliveryException e =
        catchThrowableOfType(
            TwilioDeliveryException.class, () -> sender.send(new SmsMessage(TO, BODY, null)));

    assertThat(e.retryable()).isFalse();
    assertThat(e.providerErrorCode()).isEqualTo("20003");
    assertThat(e.httpStatus()).isEqualTo(401);
  }

  @Test
  void tooManyRequestsIsRetryableAndKeepsRetryAfter() {
    twilio.force(
        429, FakeTwilio.error(20429, "Too Many Requests", 429), Map.of("Retry-After", "3"));

    TwilioDeliveryException e =
        catchThrowableOfType(
            TwilioDeliveryException.class, () -> sender().send(new SmsMessage(TO, BODY, null)));

    assertThat(e.retryable()).isTrue();
    assertThat(e.providerErrorCode()).isEqualTo("20429");
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
  }

  @Test
  void aServerErrorIsRetryableEvenWithoutAJsonBody() {
    twilio.force(500, "<html>Internal Server Error</html>", Map.of());

    TwilioDeliveryException e =
        catchThrowableOfType(
            TwilioDeliveryException.class, () -> sender().send(new SmsMessage(TO, BODY, null)));

    assertThat(e.retryable()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(500);
    assertThat(e.providerErrorCode()).isNull();
  }

  @Test
  void garbageOnSuccessIsAPermanentFailureNotAFakeSuccess() {
    twilio.force(201, "{\"sid\": \"SM123\", \"status\": ", Map.of());

    TwilioDeliveryException e =
        catchThrowableOfType(
            TwilioDeliveryException.class, () -> sender().send(new SmsMessage(TO, BODY, null)));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("without a readable message SID");
  }

  @Test
  void wellFormedJsonWithoutASidOnSuccessIsAPermanentFailure() {
    twilio.force(200, "{\"status\": \"queued\", \"sid\": null}", Map.of());

    assertThatThrownBy(() -> sender().send(new SmsMessage(TO, BODY, null)))
        .isInstanceOfSatisfying(
            TwilioDeliveryException.class, e -> assertThat(e.retryable()).isFalse());
  }

  @Test
  void anAnswerSlowerThanTheRequestTimeoutIsRetryable() throws Exception {
    twilio.hangUntilReleased();
    TwilioSmsSender sender =
        new TwilioSmsSender(config().requestTimeout(Duration.ofMillis(300)).build());

    CompletableFuture<Throwable> failure =
        CompletableFuture.supplyAsync(
            () ->
                catchThrowableOfType(
                    TwilioDeliveryException.class,
                    () -> sender.send(new SmsMessage(TO, BODY, null))));
    try {
      assertThat(twilio.hanging.await(10, TimeUnit.SECONDS)).isTrue();
      TwilioDeliveryException e = (TwilioDeliveryException) failure.get(10, TimeUnit.SECONDS);
      assertThat(e.retryable()).isTrue();
      assertThat(e.httpStatus()).isZero();
      assertThat(e.getMessage()).contains("did not answer in time");
    } finally {
      twilio.release.countDown();
    }
  }

  @Test
  void aRefusedConnectionIsRetryable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    TwilioSmsSender sender =
        new TwilioSmsSender(config().baseUri(URI.create("http://127.0.0.1:" + closedPort)).build());

    TwilioDeliveryException e =
        catchThrowableOfType(
            TwilioDeliveryException.class, () -> sender.send(new SmsMessage(TO, BODY, null)));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("Could not reach Twilio");
  }

  @Test
  void neitherTheBodyNorTheAuthTokenIsLogged() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, UTF_8));
    try {
      TwilioSmsSender sender = sender();
      sender.send(new SmsMessage(TO, BODY, null));
      twilio.force(400, FakeTwilio.error(21211, "Invalid 'To' Phone Number", 400), Map.of());
      catchThrowableOfType(
          TwilioDeliveryException.class, () -> sender.send(new SmsMessage(TO, BODY, null)));
      assertThat(sender.toString()).doesNotContain(FakeTwilio.AUTH_TOKEN);
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(UTF_8)).doesNotContain(BODY).doesNotContain(FakeTwilio.AUTH_TOKEN);
  }
}
