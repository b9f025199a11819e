package dev.gatehouse.jpa.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.entity.AbstractAuthDevice;
import dev.gatehouse.core.entity.AbstractAuthProfile;
import dev.gatehouse.core.entity.AbstractAuthUser;
import dev.gatehouse.core.entity.AbstractEmailLog;
import dev.gatehouse.core.entity.AbstractOtpCode;
import dev.gatehouse.core.entity.AbstractSmsLog;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.PathTags;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.UserPage;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.SQLRestriction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A host whose user entity carries a {@code @SQLRestriction} (its users of a retired domain are
 * invisible to every query of the application) runs password login, refresh and the bulk insert of
 * users end to end with the restriction applied, on every database: such a mapping takes the JPQL
 * forms of the owner read, the last-login update and the bulk insert, which the plain statements of
 * the default mapping must match.
 */
class RestrictedHostMappingTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");
  private static final String RETIRED = "@retired.example";

  /** The host's user: rows of the retired domain are hidden. */
  @Entity(name = "RestrictedUser")
  @Table(name = "gh_user")
  @SQLRestriction("email_normalized is null or email_normalized not like '%" + RETIRED + "'")
  public static class User extends AbstractAuthUser {}

  @Entity(name = "RestrictedProfile")
  @Table(name = "gh_profile")
  public static class Profile extends AbstractAuthProfile<User> {}

  @Entity(name = "RestrictedDevice")
  @Table(name = "gh_device")
  public static class Device extends AbstractAuthDevice<User> {}

  @Entity(name = "RestrictedOtpCode")
  @Table(name = "gh_otp_code")
  public static class OtpCode extends AbstractOtpCode<User> {}

  @Entity(name = "RestrictedSmsLog")
  @Table(name = "gh_sms_log")
  public static class SmsLog extends AbstractSmsLog {}

  @Entity(name = "RestrictedEmailLog")
  @Table(name = "gh_email_log")
  public static class EmailLog extends AbstractEmailLog {}

  private static EntityClasses entities() {
    return EntityClasses.builder()
        .user(User.class)
        .profile(Profile.class)
        .device(Device.class)
        .otpCode(OtpCode.class)
        .smsLog(SmsLog.class)
        .emailLog(EmailLog.class)
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void loginRefreshAndBulkInsertTakeTheMappingsOnePath(DatabaseKind kind) throws Exception {
    try (JpaFixture db = JpaFixture.create(kind, entities())) {
      PathTags tags = new PathTags();
      GatehouseFixture f = new GatehouseFixture(db, b -> b, w -> w.observer(tags));
      Gatehouse g = f.gatehouse;
      String hash = g.passwordHashing().hash(PASSWORD);
      Instant now = f.clock.instant();
      String tag = UUID.randomUUID().toString().substring(0, 8);
      String visible = "visible-" + tag + "@example.test";
      String retired = "gone-" + tag + RETIRED;
      List<UserRecord> bulk = new ArrayList<>();
      for (String email : List.of(visible, retired)) {
        bulk.add(
            UserRecord.newAccount(now)
                .email(email, email)
                .passwordHash(hash)
                .verified(true)
                .emailVerified(true)
                // Imported with a last sign-in: both get their row of gh_user_sign_in.
                .lastLoginAt(now.minusSeconds(60))
                .build());
      }
      db.store.inBulkTransaction(
          tx -> {
            tx.insertUsersWithDefaultProfile(bulk, "USER", now);
            return null;
          });

      TokenPair login =
          g.accounts().login(new LoginRequest(visible, PASSWORD, CLIENT)).orElseThrow().tokens();
      TokenPair refreshed = g.sessions().refresh(login.refreshToken(), CLIENT);
      assertThat(refreshed.refreshToken()).isNotEqualTo(login.refreshToken());
      assertThat(g.sessions().verifyAccessToken(refreshed.accessToken()).profileId()).isPresent();
      Instant lastLogin =
          db.store.inTransaction(tx -> tx.users().findByEmail(visible).orElseThrow().lastLoginAt());
      assertThat(lastLogin).isEqualTo(now);
      // The JPQL login wrote the sign-in row with it; administration's page by last sign-in reads
      // that table's index, and the restriction still hides the retired user there.
      UUID visibleId =
          db.store.inTransaction(tx -> tx.users().findByEmail(visible).orElseThrow().publicId());
      assertThat(
              db.column(
                  "select user_public_id from gh_user_sign_in where user_public_id = ?",
                  visibleId.toString()))
          .containsExactly(visibleId.toString());
      List<UserRecord> page =
          db.store.inTransaction(
              tx ->
                  tx.users()
                      .page(
                          UserPage.range(
                              UserPage.Key.LAST_SIGN_IN,
                              now.minusSeconds(3600),
                              now.plusSeconds(3600),
                              10)));
      assertThat(page).extracting(UserRecord::emailCanonical).containsExactly(visible);
      // Their JPQL forms, as the observations' path tag and the status tell.
      assertThat(tags.signInAndRefresh()).containsExactly("jpql", "jpql");
      assertThat(g.status().statementPaths())
          .hasEntrySatisfying("last-login", how -> assertThat(how).startsWith("JPQL: "))
          .hasEntrySatisfying("session-owner", how -> assertThat(how).startsWith("JPQL: "));

      // The restriction hides the retired user from every read, the login's included.
      boolean found = db.store.inTransaction(tx -> tx.users().findByEmail(retired).isPresent());
      assertThat(found).isFalse();
      assertThat(
              catchThrowable(() -> g.accounts().login(new LoginRequest(retired, PASSWORD, CLIENT))))
          .isInstanceOf(AuthException.class);
    }
  }
}
