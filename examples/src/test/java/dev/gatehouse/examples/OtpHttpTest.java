package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.examples.HttpClientSupport.Reply;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The code routes end to end over HTTP with the real providers: email through a GreenMail SMTP
 * server, SMS through the local Twilio stand-in.
 */
@OneDatabase(
    "the HTTP answers of one-time codes, one request at a time; bursts and races are OtpBurstTest's and OtpConcurrencyTest's")
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class OtpHttpTest {
  @Parameter DatabaseKind kind;

  private static MutableClock clock;
  private static GreenMail smtp;
  private static TwilioStandIn twilio;
  private static RunningExample app;
  private static HttpClientSupport http;
  private static int phoneSeq = 100;

  /** Everything the application logs during this class, to prove no code ever appears in it. */
  private static final ByteArrayOutputStream LOGGED = new ByteArrayOutputStream();

  private static final Set<String> ISSUED_CODES = ConcurrentHashMap.newKeySet();
  private static PrintStream originalErr;
  private static PrintStream originalOut;

  @BeforeAll
  static void capture() {
    originalErr = System.err;
    originalOut = System.out;
    System.setErr(
        new PrintStream(new TeeStream(originalErr, LOGGED), true, StandardCharsets.UTF_8));
    System.setOut(
        new PrintStream(new TeeStream(originalOut, LOGGED), true, StandardCharsets.UTF_8));
  }

  @BeforeParameterizedClassInvocation
  static void start(DatabaseKind kind) throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    twilio = new TwilioStandIn();
    app =
        RunningExample.start(
            kind,
            Map.ofEntries(
                // The host's own variables, as the process environment would hold them.
                Map.entry("GATEHOUSE_SMTP_HOST", "127.0.0.1"),
                Map.entry("GATEHOUSE_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort())),
                Map.entry("GATEHOUSE_SMTP_SECURITY", "NONE"),
                Map.entry("GATEHOUSE_TWILIO_ACCOUNT_SID", TwilioStandIn.SID),
                Map.entry("GATEHOUSE_TWILIO_AUTH_TOKEN", TwilioStandIn.TOKEN),
                Map.entry("GATEHOUSE_TWILIO_FROM", "+15005550006"),
                Map.entry("GATEHOUSE_TWILIO_BASE_URL", twilio.baseUrl())),
            RunningExample.TestClock.class);
    clock = app.bean(MutableClock.class);
    http = app.http();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    app.close();
    twilio.close();
    smtp.stop();
  }

  @AfterAll
  static void noCodeWasLogged() {
    System.setErr(originalErr);
    System.setOut(originalOut);
    String log;
    synchronized (LOGGED) {
      log = LOGGED.toString(StandardCharsets.UTF_8);
    }
    assertThat(ISSUED_CODES).isNotEmpty();
    for (String code : ISSUED_CODES) {
      assertThat(log).as("the log must never contain an issued code").doesNotContain(code);
    }
  }

  /** Writes to the real stream and keeps a copy. */
  private static final class TeeStream extends OutputStream {
    private final OutputStream a;
    private final ByteArrayOutputStream b;

    TeeStream(OutputStream a, ByteArrayOutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws IOException {
      a.write(x);
      synchronized (b) {
        b.write(x);
      }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      synchronized (b) {
        b.write(buf, off, len);
      }
    }
  }

  private static String codeIn(String text) {
    Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(text);
    assertThat(m.find()).as("a 6-digit code in the message").isTrue();
    ISSUED_CODES.add(m.group(1));
    return m.group(1);
  }

  private static synchronized String newPhone() {
    return "+1415555" + String.format("%04d", phoneSeq++);
  }

  @Test
  void phoneSignUpByCodeThroughTwilioCreatesAPhoneOnlyAccount() throws Exception {
    String phone = newPhone();
    Reply sent = http.post("/auth/otp/request/", "{\"phone\":\"" + phone + "\"}");
    assertThat(sent.status()).isEqualTo(200);
    assertThat(sent.text("destination")).doesNotContain(phone.substring(5));
    String code = codeIn(twilio.lastBodyTo(phone));
    Reply login =
        http.post("/auth/otp/verify/", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}");
    assertThat(login.status()).isEqualTo(200);
    String access = login.text("access");
    assertThat(http.get("/api/hello/", access).status()).isEqualTo(200);
    Reply me = http.get("/auth/me/", access);
    assertThat(me.raw().body()).doesNotContain("otp.local");
    // The code is single use.
    Reply again =
        http.post("/auth/otp/verify/", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}");
    assertThat(again.status()).isEqualTo(400);
  }

  @Test
  void emailCodeArrivesThroughSmtpAndLogsTheUserIn() throws Exception {
    String email = "otp." + System.nanoTime() + "@example.com";
    assertThat(http.post("/auth/otp/request/", "{\"email\":\"" + email + "\"}").status())
        .isEqualTo(200);
    assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage[] received = smtp.getReceivedMessages();
    MimeMessage mine = null;
    for (MimeMessage m : received) {
      if (GreenMailUtil.getAddressList(m.getAllRecipients()).contains(email)) {
        mine = m;
      }
    }
    assertThat(mine).isNotNull();
    String code = codeIn(GreenMailUtil.getBody(mine));
    Reply login =
        http.post("/auth/otp/verify/", "{\"email\":\"" + email + "\",\"code\":\"" + code + "\"}");
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.text("refresh")).isNotBlank();
  }

  @Test
  void aSecondRequestWithinTheCooldownIs429WithRetryAfter() throws Exception {
    String phone = newPhone();
    assertThat(http.post("/auth/otp/request/", "{\"phone\":\"" + phone + "\"}").status())
        .isEqualTo(200);
    Reply again = http.post("/auth/otp/request/", "{\"phone\":\"" + phone + "\"}");
    assertThat(again.status()).isEqualTo(429);
    assertThat(again.code()).isEqualTo("otp_cooldown");
    assertThat(again.raw().headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
  }

  @Test
  void wrongCodesAre400UntilTheCodeIsBurnedThen429EvenForTheRightCode() throws Exception {
    String phone = newPhone();
    http.post("/auth/otp/request/", "{\"phone\":\"" + phone + "\"}");
    String code = codeIn(twilio.lastBodyTo(phone));
    String wrong = code.equals("000000") ? "111111" : "000000";
    // The five allowed attempts are all answered as wrong codes; the fifth burns the code.
    for (int i = 0; i < 5; i++) {
      Reply r =
          http.post(
              "/auth/otp/verify/", "{\"phone\":\"" + phone + "\",\"code\":\"" + wrong + "\"}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.code()).isEqualTo("invalid_code");
    }
    Reply right =
        http.post("/auth/otp/verify/", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}");
    assertThat(right.status()).isEqualTo(429);
    assertThat(right.code()).isEqualTo("code_burned");
    // Waiting never helps a burned code: no Retry-After.
    assertThat(right.header("Retry-After")).isNull();
  }

  @Test
  void anExpiredCodeIsRefused() throws Exception {
    String phone = newPhone();
    http.post("/auth/otp/request/", "{\"phone\":\"" + phone + "\"}");
    String code = codeIn(twilio.lastBodyTo(phone));
    clock.advance(Duration.ofMinutes(6));
    try {
      Reply r =
          http.post("/auth/otp/verify/", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.code()).isEqualTo("otp_expired");
    } finally {
      clock.advance(Duration.ofMinutes(-6));
    }
  }

  @Test
  void malformedInputGetsTypedErrors() throws Exception {
    assertThat(http.post("/auth/otp/request/", "{\"phone\":\"not a phone\"}").code())
        .isEqualTo("invalid_phone");
    assertThat(
            http.post(
                    "/auth/otp/request/",
                    "{\"phone\":\"+14155550100\",\"email\":\"a@example.com\"}")
                .code())
        .isEqualTo("invalid_destination");
    assertThat(
            http.post("/auth/otp/request/", "{\"phone\":\"+14155550100\",\"purpose\":\"teleport\"}")
                .code())
        .isEqualTo("invalid_purpose");
    assertThat(
            http.post("/auth/otp/verify/", "{\"phone\":\"+14155550100\",\"code\":\"12ab56\"}")
                .code())
        .isEqualTo("invalid_code_format");
    assertThat(
            http.post("/auth/otp/verify/", "{\"phone\":\"+14155550100\",\"code\":123456}").code())
        .isEqualTo("invalid_field");
  }

  @Test
  void theCleanupDeletesNothingLive() throws Exception {
    String phone = newPhone();
    http.post("/auth/otp/request/", "{\"phone\":\"" + phone + "\"}");
    String code = codeIn(twilio.lastBodyTo(phone));
    Gatehouse gatehouse = app.bean(Gatehouse.class);
    gatehouse.otp().cleanup();
    gatehouse.sessions().cleanup(clock.instant());
    Reply login =
        http.post("/auth/otp/verify/", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}");
    assertThat(login.status()).isEqualTo(200);
  }
}
