package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.lazy.DjangoCredentialTables;
import dev.gatehouse.imports.lazy.UserTableWriteBack;
import dev.gatehouse.imports.source.DjangoDatabaseSource;
import dev.gatehouse.legacy.LegacyCutOver;
import dev.gatehouse.legacy.LegacySettings;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The reversible cut-over, walked against the real thing (issue 34, item 3; issue 58, item 4): a
 * Django 3.2 + djangorestframework + simplejwt application ({@code django-app/}, run by Debian's
 * packages) owns its users on PostgreSQL, with the tables its own migrations made: a jb-drf-auth
 * style user model with profiles, and a login view that, as jb-drf-auth's, issues no token to a
 * user without a default profile. Its users sign in on Django; Gatehouse imports them and takes
 * over; a signed-in user's simplejwt refresh token is exchanged without a new sign-in; during the
 * window users register, change and reset passwords, change their email or phone and delete their
 * account in Gatehouse; then the walk goes back to Django, and every user signs in there through
 * Django's own {@code authenticate()} and its login view with their current password and sees their
 * current email and phone; and, with {@code gatehouse.legacy.simplejwt.issue-refresh-tokens}, a
 * user signed in on Gatehouse during the window stays signed in: Django's own refresh view takes
 * the refresh token Gatehouse last issued (issue 58, item 5).
 */
class DjangoCutOverWalkTest {
  @Test
  void signedInUsersStaySignedInAndGoingBackToDjangoLosesNothing() throws Exception {
    LegacyDjango.requireOnPostgres();
    try (TestDatabase djangoDb = TestDatabase.create(DatabaseKind.POSTGRESQL);
        ImportFixture f = ImportFixture.create(DatabaseKind.POSTGRESQL);
        LegacyDjango django = new LegacyDjango(djangoDb)) {

      // Before: the legacy application with its users; Alice is signed in on her phone.
      django.run("migrate");
      django.run("create", "alice", "alice@example.com", "Nopal-Before-1", "+14155550111");
      django.run("create", "bob", "bob@example.com", "Tamal-Before-1", "+14155550112");
      django.run("create", "carol", "carol@example.com", "Elote-Before-1", "+14155550113");
      django.run("create", "erin", "erin@example.com", "Pozole-Before-1", "+14155550114");
      django.run("create", "frank", "frank@example.com", "Tuna-Before-1", "+14155550115");
      // Grace's default profile is missing (an old row): the legacy login fails her with a 500.
      django.run("create-without-profile", "grace", "grace@example.com", "Mango-Before-1");
      assertThat(django.run("check", "grace", "Mango-Before-1").get("token_view").asInt())
          .as("the legacy login needs a default profile")
          .isEqualTo(500);
      JsonNode signedIn = django.run("signin", "alice", "Nopal-Before-1");
      assertThat(signedIn.get("status").asInt()).isEqualTo(200);
      String aliceRefresh = signedIn.get("refresh").asText();
      String frankRefresh = django.run("signin", "frank", "Tuna-Before-1").get("refresh").asText();

      // The import, from Django's database.
      RunReport run =
          f.importer.run(
              DjangoDatabaseSource.of(djangoDb.dataSource(), "accounts", ZoneOffset.UTC),
              ImportOptions.builder("django").conflictPolicy(ConflictPolicy.MERGE).build());
      assertThat(run.status()).isEqualTo("COMPLETED");

      // The switch: Gatehouse answers, with the transition window open.
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      MutableClock clock = MutableClock.at(now);
      CapturingEmailSender mail = new CapturingEmailSender();
      CapturingSmsSender sms = new CapturingSmsSender();
      Gatehouse g =
          Gatehouse.builder(
                  GatehouseConfig.builder()
                      .clock(clock)
                      .set(
                          GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
                      .set(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY, LegacyDjango.SECRET_KEY)
                      .set(LegacySettings.LEGACY_SIMPLEJWT_UNTIL, now.plus(Duration.ofDays(7)))
                      .set(LegacySettings.LEGACY_WRITE_BACK_UNTIL, now.plus(Duration.ofDays(30)))
                      .set(LegacySettings.LEGACY_SIMPLEJWT_ISSUE_REFRESH_TOKENS, true)
                      .build(),
                  f.store)
              .legacyAccounts(GatehouseImports.legacyAccounts(f.emf, "django"))
              .install(
                  new LegacyCutOver(new DjangoCredentialTables(djangoDb.dataSource()))
                      .writeBack(
                          UserTableWriteBack.jbDrfAuth(
                              djangoDb.dataSource(), "accounts_user", "accounts_profile", "USER")))
              .emailSender(mail)
              .smsSender(sms)
              .dispatchDeliveries(false)
              .build();
      String aliceInWindow;
      String frankInWindow;
      try {
        // Alice's app refreshes with the token Django gave it: she stays signed in, and her
        // session's refresh token is simplejwt's, of her Django id, signed with Django's key.
        TokenPair alice = g.sessions().refresh(aliceRefresh, ClientInfo.web("192.0.2.20"));
        // A JWT's three parts: simplejwt's format, not a session's own token.
        assertThat(alice.refreshToken())
            .matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        VerifiedAccessToken aliceToken = g.sessions().verifyAccessToken(alice.accessToken());

        // During the window.
        g.accounts()
            .register(
                RegistrationRequest.builder()
                    .email("dave@example.com")
                    .password("Churro-Window-1")
                    .termsAccepted(true)
                    .build());
        g.accounts()
            .changePassword(account(g, "bob@example.com"), "Tamal-Before-1", "Tamal-After-2");
        g.accounts().requestPasswordReset("carol@example.com");
        g.deliverPending();
        g.accounts()
            .confirmPasswordReset(Mailbox.linkToken(mail, "carol@example.com"), "Elote-After-2");
        g.accounts()
            .requestEmailChange(
                aliceToken,
                Reauthentication.password("Nopal-Before-1"),
                "alice@new.example.com",
                ClientInfo.web("192.0.2.20"));
        g.deliverPending();
        g.accounts()
            .confirmEmailChange(
                aliceToken,
                "alice@new.example.com",
                Mailbox.code(mail, "alice@new.example.com"),
                ClientInfo.web("192.0.2.20"));
        TokenPair frank = g.sessions().refresh(frankRefresh, ClientInfo.web("192.0.2.21"));
        VerifiedAccessToken frankToken = g.sessions().verifyAccessToken(frank.accessToken());
        g.accounts()
            .requestPhoneChange(
                frankToken,
                Reauthentication.password("Tuna-Before-1"),
                "+14155550125",
                ClientInfo.web("192.0.2.21"));
        g.deliverPending();
        g.accounts()
            .confirmPhoneChange(
                frankToken,
                "+14155550125",
                Mailbox.code(sms, "+14155550125"),
                ClientInfo.web("192.0.2.21"));
        g.accounts()
            .changePassword(account(g, "grace@example.com"), "Mango-Before-1", "Mango-After-2");
        g.accounts().deleteAccount(account(g, "erin@example.com"), "Pozole-Before-1");
        g.deliverPending();
        // The apps keep refreshing on Gatehouse, which rotates the tokens as its own. (The clock
        // stays at the real time: Django checks iat and exp against its own.)
        aliceInWindow =
            g.sessions().refresh(alice.refreshToken(), ClientInfo.web("192.0.2.20")).refreshToken();
        frankInWindow =
            g.sessions().refresh(frank.refreshToken(), ClientInfo.web("192.0.2.21")).refreshToken();
        assertThat(g.status().writeBackPending()).isZero();
        assertThat(g.status().writeBackFailed()).isZero();
      } finally {
        g.close();
      }

      // Back to Django: nobody was lost, every current password, email and phone is there, and
      // its login signs each one in: the sign-up of the window got its default profile with its
      // row, and Grace's missing one came with her password change.
      assertSignsIn(django, "alice", "Nopal-Before-1", "alice@new.example.com", "+14155550111");
      assertSignsIn(django, "bob", "Tamal-After-2", "bob@example.com", "+14155550112");
      assertRefused(django, "bob", "Tamal-Before-1");
      assertSignsIn(django, "carol", "Elote-After-2", "carol@example.com", "+14155550113");
      assertRefused(django, "carol", "Elote-Before-1");
      assertSignsIn(django, "dave@example.com", "Churro-Window-1", "dave@example.com", null);
      assertSignsIn(django, "frank", "Tuna-Before-1", "frank@example.com", "+14155550125");
      assertSignsIn(django, "grace", "Mango-After-2", "grace@example.com", null);
      // Their sessions too: Django's refresh view takes the refresh tokens Gatehouse issued during
      // the window, and the access token it answers authenticates the same user.
      assertRefreshes(django, aliceInWindow, "alice");
      assertRefreshes(django, frankInWindow, "frank");
      JsonNode erin = django.run("check", "erin", "Pozole-Before-1");
      assertThat(erin.get("authenticated").asBoolean()).as("deleted in the window").isFalse();
      assertThat(erin.get("active").asBoolean()).isFalse();
    }
  }

  private static void assertSignsIn(
      LegacyDjango django, String username, String password, String email, String phone)
      throws Exception {
    JsonNode r = django.run("check", username, password);
    assertThat(r.get("authenticated").asBoolean()).as(username + " authenticate()").isTrue();
    assertThat(r.get("token_view").asInt()).as(username + " login view").isEqualTo(200);
    assertThat(r.get("email").asText()).isEqualTo(email);
    assertThat(r.get("phone").isNull() ? null : r.get("phone").asText()).isEqualTo(phone);
    assertThat(r.get("default_profiles").asInt()).as(username + " default profiles").isEqualTo(1);
  }

  private static void assertRefreshes(LegacyDjango django, String refreshToken, String username)
      throws Exception {
    JsonNode r = django.run("refresh", refreshToken);
    assertThat(r.get("status").asInt()).as(username + " refresh view").isEqualTo(200);
    assertThat(r.get("username").asText()).isEqualTo(username);
    // Django rotates it as its own from then on.
    assertThat(r.get("refresh").asText()).isNotEqualTo(refreshToken);
  }

  private static void assertRefused(LegacyDjango django, String username, String password)
      throws Exception {
    JsonNode r = django.run("check", username, password);
    assertThat(r.get("authenticated").asBoolean()).as(username + " old password").isFalse();
    assertThat(r.get("token_view").asInt()).isEqualTo(401);
  }

  private static UUID account(Gatehouse g, String email) {
    return g.accounts().findByEmail(email).orElseThrow().id();
  }
}
