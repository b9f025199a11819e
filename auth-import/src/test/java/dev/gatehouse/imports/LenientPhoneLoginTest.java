package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.DeliverySettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.PhoneSettings;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.internal.HashCheck;
import dev.gatehouse.imports.internal.LoginReplay;
import dev.gatehouse.imports.source.CsvSource;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Finding 4 of issue 18, to the end: a user imported with {@code --lenient-phones} (a number that
 * is possible but outside libphonenumber's ranges) signs in with an SMS code when the application
 * sets {@code gatehouse.phone.accept-possible-numbers}, and gets a typed {@code invalid_phone}
 * without it.
 */
@OneDatabase("the lenient-phone rule from import to sign-in; no database decides it")
class LenientPhoneLoginTest {
  // Ten digits, so possible in the US, but NANP exchanges never start with 0: not valid.
  static final String TYPED = "(212) 055-0123";
  static final String E164 = "+12120550123";

  @TempDir Path dir;

  UUID importLeniently(ImportFixture f) throws Exception {
    Path file = dir.resolve("phones.csv");
    Files.writeString(file, "id,phone,verified\n1," + TYPED + ",true\n");
    LegacySource source =
        CsvSource.of(
            file,
            ColumnMapping.parse("legacy_id=id,phone=phone,is_verified=verified", ZoneOffset.UTC));
    RunReport run =
        f.importer.run(
            source,
            ImportOptions.builder("phones").defaultRegion("US").lenientPhones(true).build());
    assertThat(run.created()).isEqualTo(1);
    return f.importer.resolve("phones", "1").orElseThrow();
  }

  static Gatehouse gatehouse(ImportFixture f, CapturingSmsSender sms, boolean acceptPossible) {
    GatehouseConfig config =
        GatehouseConfig.builder()
            .clock(f.clock)
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .set(GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example.test"))
            .set(DeliverySettings.DELIVERY_POLL_INTERVAL, Duration.ofHours(1))
            .set(OtpSettings.OTP_SIGNUP_ALLOWED, false)
            .set(PhoneSettings.PHONE_ACCEPT_POSSIBLE_NUMBERS, acceptPossible)
            .build();
    return Gatehouse.builder(config, f.store)
        .passwordHashing(f.hashing)
        .smsSender(sms)
        .deliveryExecutor(Runnable::run)
        .build();
  }

  static String code(String body) {
    Matcher m = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)").matcher(body);
    assertThat(m.find()).as("a code in the SMS").isTrue();
    return m.group();
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aLenientlyImportedPhoneSignsInWithACodeWhenTheApplicationAcceptsPossibleNumbers(
      DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      UUID imported = importLeniently(f);
      assertThat(f.rowsOf("select phone from gh_user")).containsExactly(E164);

      CapturingSmsSender sms = new CapturingSmsSender();
      Gatehouse g = gatehouse(f, sms, true);
      g.otp().request(OtpRequest.of(TYPED, OtpChannel.SMS, OtpPurpose.LOGIN));
      String body = sms.lastTo(E164).orElseThrow().body();
      SignInResult.SignedIn login =
          g.otp()
              .loginWithCode(TYPED, OtpChannel.SMS, code(body), ClientInfo.web("10.0.0.1"))
              .orElseThrow();
      assertThat(login.userId()).isEqualTo(imported);
      assertThat(login.created()).isFalse();
      assertThat(f.count("select count(*) from gh_user")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void withoutTheOptionTheCodeRequestIsATypedInvalidPhoneAndNothingIsSent(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      importLeniently(f);
      CapturingSmsSender sms = new CapturingSmsSender();
      Gatehouse g = gatehouse(f, sms, false);
      assertThatThrownBy(
              () -> g.otp().request(OtpRequest.of(TYPED, OtpChannel.SMS, OtpPurpose.LOGIN)))
          .isInstanceOfSatisfying(
              RejectedInputException.class, e -> assertThat(e.code()).isEqualTo("invalid_phone"))
          .hasMessageContaining("gatehouse.phone.accept-possible-numbers");
      assertThat(sms.sent()).isEmpty();
      assertThat(f.count("select count(*) from gh_action_token")).isZero();
      assertThat(f.count("select count(*) from gh_outbox")).isZero();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void verifyFindsTheAccountByItsPossibleNumberInTheImportsRegion(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      importLeniently(f);
      PhoneNumbers phones =
          PhoneNumbers.builder().defaultRegion("US").acceptPossibleNumbers(true).build();
      LoginReplay replay =
          LoginReplay.readOnly(f.store, f.hashing, phones, true, new HashCheck(f.hashing));
      replay.replay(TYPED, "any-password");
      // Found (a passwordless account: the password is refused), not NOT_FOUND.
      assertThat(replay.outcomes()).containsOnlyKeys(LoginReplay.Outcome.WRONG_PASSWORD);
    }
  }
}
