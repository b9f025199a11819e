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
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.TenantId;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A host whose user entity is partitioned by Hibernate's {@code @TenantId} (issue 32): the bulk
 * insert of users, password login and refresh run end to end on every database with the tenant
 * applied — users are written with the current tenant, and a user of another tenant is invisible to
 * the login. The library's own tables (sessions, tokens, counters) are not the host's and are
 * shared, as they were.
 */
class TenantHostMappingTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.10");
  private static final ThreadLocal<String> TENANT = ThreadLocal.withInitial(() -> "acme");

  /** The host's user, one partition per tenant. */
  @Entity(name = "TenantUser")
  @Table(name = "gh_user")
  public static class User extends AbstractAuthUser {
    @TenantId
    @Column(name = "tenant", length = 32)
    private String tenant;
  }

  @Entity(name = "TenantProfile")
  @Table(name = "gh_profile")
  public static class Profile extends AbstractAuthProfile<User> {}

  @Entity(name = "TenantDevice")
  @Table(name = "gh_device")
  public static class Device extends AbstractAuthDevice<User> {}

  @Entity(name = "TenantOtpCode")
  @Table(name = "gh_otp_code")
  public static class OtpCode extends AbstractOtpCode<User> {}

  @Entity(name = "TenantSmsLog")
  @Table(name = "gh_sms_log")
  public static class SmsLog extends AbstractSmsLog {}

  @Entity(name = "TenantEmailLog")
  @Table(name = "gh_email_log")
  public static class EmailLog extends AbstractEmailLog {}

  /** The tenant of the calling thread, as a host's request filter would set it. */
  public static final class Tenants implements CurrentTenantIdentifierResolver<String> {
    @Override
    public String resolveCurrentTenantIdentifier() {
      return TENANT.get();
    }

    @Override
    public boolean validateExistingCurrentSessions() {
      return false;
    }
  }

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
  void loginRefreshAndBulkInsertKeepToTheCurrentTenant(DatabaseKind kind) {
    try (JpaFixture db =
        JpaFixture.create(
            kind,
            entities(),
            ds -> {
              // The host's own column, added by its changelog after the library's.
              try (Connection c = ds.getConnection();
                  Statement s = c.createStatement()) {
                s.execute("alter table gh_user add tenant varchar(32)");
              } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
              }
              return ds;
            },
            Map.of(AvailableSettings.MULTI_TENANT_IDENTIFIER_RESOLVER, new Tenants()))) {
      PathTags tags = new PathTags();
      GatehouseFixture f = new GatehouseFixture(db, b -> b, w -> w.observer(tags));
      Gatehouse g = f.gatehouse;
      String hash = g.passwordHashing().hash(PASSWORD);
      Instant now = f.clock.instant();
      String tag = UUID.randomUUID().toString().substring(0, 8);
      String acme = "acme-" + tag + "@example.test";
      String other = "other-" + tag + "@example.test";
      try {
        insert(db, g, acme, hash, now);
        TENANT.set("other");
        insert(db, g, other, hash, now);
      } finally {
        TENANT.set("acme");
      }

      TokenPair login =
          g.accounts().login(new LoginRequest(acme, PASSWORD, CLIENT)).orElseThrow().tokens();
      TokenPair refreshed = g.sessions().refresh(login.refreshToken(), CLIENT);
      assertThat(refreshed.refreshToken()).isNotEqualTo(login.refreshToken());
      assertThat(g.sessions().verifyAccessToken(refreshed.accessToken()).profileId()).isPresent();
      Instant lastLogin =
          db.store.inTransaction(tx -> tx.users().findByEmail(acme).orElseThrow().lastLoginAt());
      assertThat(lastLogin).isEqualTo(now);
      // Their JPQL forms, as the observations' path tag and the status tell.
      assertThat(tags.signInAndRefresh()).containsExactly("jpql", "jpql");
      assertThat(g.status().statementPaths())
          .hasEntrySatisfying("last-login", how -> assertThat(how).startsWith("JPQL: "))
          .hasEntrySatisfying("session-owner", how -> assertThat(how).startsWith("JPQL: "));

      // The other tenant's user is invisible here, to the login too; there it signs in.
      assertThat(
              catchThrowable(() -> g.accounts().login(new LoginRequest(other, PASSWORD, CLIENT))))
          .isInstanceOf(AuthException.class);
      TENANT.set("other");
      try {
        assertThat(g.accounts().login(new LoginRequest(other, PASSWORD, CLIENT))).isNotNull();
      } finally {
        TENANT.set("acme");
      }
    }
  }

  private static void insert(JpaFixture db, Gatehouse g, String email, String hash, Instant now) {
    List<UserRecord> users =
        List.of(
            UserRecord.newAccount(now)
                .email(email, email)
                .passwordHash(hash)
                .verified(true)
                .emailVerified(true)
                .build());
    db.store.inBulkTransaction(
        tx -> {
          tx.insertUsersWithDefaultProfile(users, "USER", now);
          return null;
        });
  }
}
