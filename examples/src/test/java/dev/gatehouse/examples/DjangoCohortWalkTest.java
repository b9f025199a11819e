package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.cohorts.CohortMember;
import dev.gatehouse.cohorts.CohortRule;
import dev.gatehouse.cohorts.CohortService;
import dev.gatehouse.cohorts.CohortState;
import dev.gatehouse.cohorts.Cohorts;
import dev.gatehouse.cohorts.Server;
import dev.gatehouse.cohorts.proxy.CohortForwarding;
import dev.gatehouse.cohorts.proxy.LegacyDirectory;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.imports.GatehouseImports;
import dev.gatehouse.imports.Importer;
import dev.gatehouse.imports.LegacyDjango;
import dev.gatehouse.imports.LegacySync;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.ImportOptions.VerificationPolicy;
import dev.gatehouse.imports.lazy.DjangoCredentialTables;
import dev.gatehouse.imports.lazy.UserTableWriteBack;
import dev.gatehouse.imports.source.DjangoDatabaseSource;
import dev.gatehouse.imports.source.LegacyChangeLog;
import dev.gatehouse.legacy.LegacyCredentials;
import dev.gatehouse.legacy.LegacyWriteBack;
import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.EntityManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The cut-over by cohort walked against the real thing (issue 76, its done-when): the Django
 * application of auth-import's walks (a jb-drf-auth project's models and routes, on Debian's
 * Django, djangorestframework and simplejwt) and the example host (the jb-drf-auth contract, {@code
 * auth-legacy}'s carry-over, legacy-format refresh tokens and write-back, {@code auth-cohorts} and
 * its forwarding) side by side on PostgreSQL, behind one base URL: the host's. Ten Django users
 * fall into three cohorts by the rule's hash of their Django id (1, 4 and 5 of them: ids 1 to 10
 * under the salt below); each has a client that acts as a jb-drf-auth client does, through the base
 * URL only: it signs in once, then reads {@code me/}, refreshes, changes its username ({@code
 * account/update/}) and its password ({@code password-reset/change/}), refreshing when its access
 * token is refused, as on expiry. Sign-ups join as further clients: one through the base URL at
 * each step (Gatehouse's {@code register/} and the emailed confirmation), and one user created on
 * Django at each step where Django still serves a cohort.
 *
 * <p>The cohorts move 0 → 10 % → 50 % → 100 % of the ten Django users and one step back. At every
 * step: every client keeps its session (no sign-in after its first, but the one its own password
 * change on Gatehouse asks for: Gatehouse ends the account's sessions then, the caller's too, where
 * jb-drf-auth keeps them), and its refreshed access token is of the system its cohort is on; after
 * one write-back delivery and one sync pass, driven here rather than waited for, every user's
 * username and password are the same on both systems, and every user is on both; a wrong password
 * and an unknown address get the same status and body whichever system answers them.
 *
 * <p>One Django process and one Gatehouse host for the class; both databases are PostgreSQL schemas
 * of their own.
 */
class DjangoCohortWalkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Under this salt Django ids 1 to 10 fall 1 (pilot), 4 (wave) and 5 (rest). */
  private static final String SALT = "cohort-walk-18";

  private static final CohortRule RULE =
      CohortRule.builder()
          .salt(SALT)
          .share("pilot", 1_000)
          .share("wave", 4_000)
          .rest("rest")
          .build();

  private static final int USERS = 10;
  private static final ClientInfo OPS = ClientInfo.web("192.0.2.40");
  private static final Pattern VERIFY =
      Pattern.compile("uid=([A-Za-z0-9_-]+)&token=([A-Za-z0-9_-]+)");
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

  private static TestDatabase djangoDb;
  private static LegacyDjango django;
  private static RunningExample host;
  private static Gatehouse gatehouse;
  private static CohortService cohorts;
  private static LegacySync sync;
  private static VerifiedAccessToken staff;
  private static CapturingEmailSender mail;
  private static URI base;

  /** Every client of the walk, in the order they joined. */
  private static final List<Client> CLIENTS = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    LegacyDjango.requireOnPostgres();
    djangoDb = TestDatabase.create(DatabaseKind.POSTGRESQL);
    django = new LegacyDjango(djangoDb);
    django.run("migrate");
    try (Connection c = djangoDb.connect();
        Statement s = c.createStatement()) {
      for (String sql :
          LegacyChangeLog.postgresql(
              "accounts_user",
              List.of("password", "email", "phone", "username", "is_active", "deleted"),
              "accounts_profile")) {
        s.execute(sql);
      }
    }
    for (int i = 1; i <= USERS; i++) {
      Client c = new Client(String.format("user%02d@walk.test", i), "Walk-Before-" + i);
      c.username = String.format("user%02d", i);
      assertThat(django.run("create-verified", c.username, c.email, c.password).get("id").asInt())
          .as("the salt's cohorts are of Django ids 1 to 10")
          .isEqualTo(i);
      CLIENTS.add(c);
    }
    URI legacy = django.serveHttp();

    Instant now = Instant.now();
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.liquibase.change-log", "classpath:db/changelog/cohort-walk-master.xml");
    properties.put("gatehouse.http.contract", "jb-drf-auth");
    properties.put("gatehouse.http.jb-drf-auth.rotate-refresh-tokens", "true");
    properties.put("gatehouse.legacy.simplejwt.signing-key", LegacyDjango.SECRET_KEY);
    properties.put("gatehouse.legacy.simplejwt.rotate-refresh-tokens", "true");
    properties.put("gatehouse.legacy.simplejwt.until", now.plus(Duration.ofDays(7)).toString());
    properties.put("gatehouse.legacy.simplejwt.issue-refresh-tokens", "true");
    // Open past the last step: a step back from 100 % finds every change on Django.
    properties.put("gatehouse.legacy.write-back.until", now.plus(Duration.ofDays(30)).toString());
    properties.put("gatehouse.cohorts.state-refresh", "0s");
    WalkBeans.legacy = legacy;
    host =
        RunningExample.start(
            DatabaseKind.POSTGRESQL,
            properties,
            WalkBeans.class,
            RunningExample.CapturedEmail.class);
    base = URI.create("http://127.0.0.1:" + host.port());
    gatehouse = host.bean(Gatehouse.class);
    cohorts = gatehouse.feature(CohortService.class);
    mail = host.bean(CapturingEmailSender.class);

    // The first import, then the sync from where it left the change log.
    Importer importer =
        Importer.builder()
            .dataSource(host.database().dataSource())
            .entityManagerFactory(host.bean(EntityManagerFactory.class))
            .entities(host.bean(EntityClasses.class))
            .config(gatehouse.config())
            .hashing(gatehouse.passwordHashing())
            .clock(Clock.systemUTC())
            .build();
    DjangoDatabaseSource source =
        DjangoDatabaseSource.of(djangoDb.dataSource(), "accounts", ZoneOffset.UTC);
    ImportOptions options =
        ImportOptions.builder("django")
            .conflictPolicy(ConflictPolicy.MERGE)
            .verificationPolicy(VerificationPolicy.ASSUME_VERIFIED)
            .build();
    assertThat(importer.run(source, options).created()).isEqualTo(USERS);
    sync =
        LegacySync.builder(importer, LegacyChangeLog.of(djangoDb.dataSource()), source, options)
            .build();
    syncPass();

    AuthStore store = host.bean(AuthStore.class);
    staff =
        gatehouse
            .sessions()
            .verifyAccessToken(
                store
                    .inTransaction(
                        tx -> {
                          UserRecord u =
                              AccountFactory.of(gatehouse.config())
                                  .create(
                                      tx,
                                      UserRecord.newAccount(Instant.now())
                                          .email("ops@walk.test", "ops@walk.test")
                                          .verified(true)
                                          .staff(true)
                                          .build());
                          return gatehouse.sessions().start(tx, u.publicId(), List.of("pwd"), OPS);
                        })
                    .accessToken());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (host != null) {
        host.close();
      }
    } finally {
      try {
        if (django != null) {
          django.close();
        }
      } finally {
        if (djangoDb != null) {
          djangoDb.close();
        }
      }
    }
  }

  @Test
  void threeCohortsMoveForwardAndOneBackWithEveryClientKeptAndEveryChangeOnBothSides()
      throws Exception {
    for (Client c : CLIENTS) {
      c.signIn();
    }
    assertThat(movedPercent()).isZero();
    round(0);

    move("pilot", CohortState.GATEHOUSE);
    assertThat(movedPercent()).isEqualTo(10);
    round(1);

    move("wave", CohortState.GATEHOUSE);
    assertThat(movedPercent()).isEqualTo(50);
    round(2);

    move("rest", CohortState.GATEHOUSE);
    assertThat(movedPercent()).isEqualTo(100);
    round(3);

    move("rest", CohortState.LEGACY);
    assertThat(movedPercent()).isEqualTo(50);
    round(4);

    // A profile changed on Gatehouse at each step it serves someone, on Django at each it does.
    assertThat(profileChanges).containsExactly(4, 4);
    // Nothing lost over the whole walk: every user, with the password they have now, on both.
    for (Client c : CLIENTS) {
      c.passwordChecked = false;
    }
    assertBothSidesHold();
  }

  /** One step's work: every client acts, some change things on each side, then both agree. */
  private static void round(int step) throws Exception {
    for (Client c : new ArrayList<>(CLIENTS)) {
      JsonNode me = c.me();
      assertThat(me.at("/user/data/email").asText()).as(c.email).isEqualTo(c.email);
      assertThat(me.at("/user/data/username").textValue()).as(c.email).isIn(c.usernames());
      c.refresh();
      assertThat(systemOf(c.access)).as("%s at step %d", c.email, step).isEqualTo(expected(c));
    }
    List<Client> onGatehouse =
        CLIENTS.stream().filter(c -> expected(c) == Server.GATEHOUSE).toList();
    List<Client> onDjango = CLIENTS.stream().filter(c -> expected(c) == Server.LEGACY).toList();
    for (List<Client> served : List.of(onGatehouse, onDjango)) {
      if (served.isEmpty()) {
        continue;
      }
      served.get(step % served.size()).changeUsername("u" + step + "-" + served.size());
      served.get((step + 1) % served.size()).changePassword("Walk-Step" + step + "-Changed");
    }
    // A forgotten password, reset through the base URL by a user Django serves (issue 96, item
    // 1): the request goes to Django by the address, Django mails its own link, and the link's
    // anonymous second request goes back to Django, which alone can use it.
    if (!onDjango.isEmpty()) {
      onDjango.get((step + 2) % onDjango.size()).resetPassword("Walk-Reset" + step + "-Forgot");
    }
    // A default profile's first name changed on each side (issue 76): on Gatehouse by a user it
    // serves, on Django by one Django serves.
    Client profiledOnGatehouse = null;
    for (Client c : onGatehouse) {
      if (profiledOnGatehouse == null && changeFirstName(c.email, "G" + step)) {
        profiledOnGatehouse = c;
      }
    }
    Client profiledOnDjango = onDjango.isEmpty() ? null : onDjango.get(step % onDjango.size());
    if (profiledOnDjango != null) {
      django.run("profile", profiledOnDjango.email, "D" + step);
    }
    // A sign-up through the base URL (Gatehouse's register/, confirmed by the emailed link), and,
    // while Django serves anyone, a user created on Django.
    Client signedUp = new Client("signup-" + step + "@walk.test", "Fresh-Pass-" + step + "-Xq");
    signedUp.signUp();
    Client created = null;
    if (!onDjango.isEmpty()) {
      created = new Client("django-" + step + "@walk.test", "Other-Pass-" + step + "-Zk");
      created.username = "django-" + step;
      django.run("create-verified", created.username, created.email, created.password);
    }

    gatehouse.deliverPending();
    syncPass();
    if (profiledOnGatehouse != null) {
      assertThat(django.run("row", profiledOnGatehouse.email).get("first_name").asText())
          .as("%s's profile on Django", profiledOnGatehouse.email)
          .isEqualTo("G" + step);
      profileChanges[0]++;
    }
    if (profiledOnDjango != null) {
      assertThat(defaultProfile(profiledOnDjango.email).person().firstName())
          .as("%s's profile on Gatehouse", profiledOnDjango.email)
          .isEqualTo("D" + step);
      profileChanges[1]++;
    }
    if (created != null) {
      created.signIn();
      CLIENTS.add(created);
    }
    signedUp.signIn();
    CLIENTS.add(signedUp);
    assertBothSidesHold();
    assertOutsidersLearnNothing(step);
  }

  private static dev.gatehouse.core.session.ProfileService.@org.jspecify.annotations.Nullable
      ProfileView
      defaultProfile(String email) {
    java.util.UUID id = gatehouse.accounts().findByEmail(email).orElseThrow().id();
    return gatehouse.profiles().list(id).stream()
        .filter(dev.gatehouse.core.session.ProfileService.ProfileView::defaultProfile)
        .findFirst()
        .orElse(null);
  }

  /** The profile changes checked on Django's side and on Gatehouse's. */
  private static final int[] profileChanges = new int[2];

  /** Changes the first name of the account's default profile on Gatehouse, when it has one. */
  private static boolean changeFirstName(String email, String firstName) {
    dev.gatehouse.core.session.ProfileService.ProfileView p = defaultProfile(email);
    if (p == null) {
      return false;
    }
    dev.gatehouse.core.store.ProfileStore.Person was = p.person();
    gatehouse
        .profiles()
        .update(
            gatehouse.accounts().findByEmail(email).orElseThrow().id(),
            p.id(),
            new dev.gatehouse.core.session.ProfileService.ProfileInput(
                null,
                null,
                null,
                null,
                false,
                new dev.gatehouse.core.store.ProfileStore.Person(
                    firstName,
                    was.lastName1(),
                    was.lastName2(),
                    was.birthday(),
                    was.gender(),
                    was.picture())));
    return true;
  }

  /** Every client's account is on both systems with its username and its current password. */
  private static void assertBothSidesHold() throws Exception {
    for (Client c : CLIENTS) {
      JsonNode row =
          c.passwordChecked ? django.run("row", c.email) : django.run("row", c.email, c.password);
      assertThat(row.get("id").isNull()).as("%s on Django", c.email).isFalse();
      assertThat(row.get("username").asText()).as("%s on Django", c.email).isIn(c.usernames());
      assertThat(row.get("active").asBoolean()).as("%s on Django", c.email).isTrue();
      assertThat(row.get("default_profiles").asInt()).as("%s on Django", c.email).isEqualTo(1);
      assertThat(gatehouse.accounts().findByEmail(c.email))
          .as("%s on Gatehouse", c.email)
          .hasValueSatisfying(u -> assertThat(u.username()).isIn(c.usernames()));
      if (!c.passwordChecked) {
        assertThat(row.get("password_ok").asBoolean())
            .as("%s's password on Django", c.email)
            .isTrue();
        // Checked against the stored hash, not by a sign-in: Gatehouse refuses a password sign-in
        // of an account whose cohort is still on Django (cohort_on_legacy, issue 96), as the
        // forwarding would send it there.
        String hash =
            host.bean(AuthStore.class)
                .inTransaction(tx -> tx.users().findByEmail(c.email.toLowerCase(Locale.ROOT)))
                .orElseThrow()
                .passwordHash();
        assertThat(gatehouse.passwordHashing().verify(c.password, hash).matched())
            .as("%s's password on Gatehouse", c.email)
            .isTrue();
        c.passwordChecked = true;
      }
    }
  }

  /**
   * A wrong password for an address of each cohort, and unknown addresses: one status and one body,
   * whichever system answers (the test knows which; both answer when both serve).
   */
  private static void assertOutsidersLearnNothing(int step) throws Exception {
    List<Reply> answers = new ArrayList<>();
    Set<Server> answeredBy = EnumSet.noneOf(Server.class);
    for (String cohort : RULE.cohorts()) {
      // At most two wrong passwords per address over the walk: from the third on, Gatehouse slows
      // the address down (gatehouse.throttle.login.delay-after), as jb-drf-auth's throttle would.
      Optional<Client> member =
          CLIENTS.stream()
              .filter(c -> c.probes < 2 && cohortOf(c).equals(cohort))
              .min(java.util.Comparator.comparingInt(c -> c.probes));
      if (member.isPresent()) {
        member.get().probes++;
        answers.add(login(member.get().email, "Not-The-Password-1"));
        answeredBy.add(expected(member.get()));
      }
    }
    for (int i = 0; i < 6; i++) {
      String nobody = "nobody-" + step + "-" + i + "@walk.test";
      answers.add(login(nobody, "Not-The-Password-1"));
      answeredBy.add(cohorts.forUnknown(nobody));
    }
    for (Reply r : answers) {
      assertThat(r.status()).as(r.body()).isEqualTo(401);
      assertThat(r.body()).isEqualTo(answers.get(0).body());
    }
    boolean bothServe =
        CLIENTS.stream().map(DjangoCohortWalkTest::expected).distinct().count() == 2;
    if (bothServe) {
      assertThat(answeredBy).containsExactlyInAnyOrder(Server.GATEHOUSE, Server.LEGACY);
    }
  }

  private static void move(String cohort, CohortState state) {
    cohorts.move(staff, cohort, state, "the walk's step", OPS);
  }

  /** {@return the share of the ten Django users whose cohort Gatehouse serves, in percent} */
  private static int movedPercent() {
    int moved = 0;
    for (int id = 1; id <= USERS; id++) {
      String cohort = RULE.decide(new CohortMember(String.valueOf(id), null, Set.of()));
      moved += cohorts.state(cohort) == CohortState.GATEHOUSE ? 1 : 0;
    }
    return moved * 100 / USERS;
  }

  private static void syncPass() {
    LegacySync.Report pass;
    do {
      pass = sync.syncOnce();
    } while (pass.more());
  }

  private static String djangoId(String email) {
    try {
      return String.valueOf(django.run("row", email).get("id").asLong());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String cohortOf(Client c) {
    return cohorts.assignment(djangoId(c.email)).orElseThrow().cohort();
  }

  private static Server expected(Client c) {
    return cohorts.state(cohortOf(c)) == CohortState.GATEHOUSE ? Server.GATEHOUSE : Server.LEGACY;
  }

  /** Which system issued an access token: Gatehouse's name a UUID subject, simplejwt's none. */
  private static Server systemOf(String accessToken) throws Exception {
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
    JsonNode sub = claims.get("sub");
    return sub != null && UUID_TEXT.matcher(sub.asText()).matches()
        ? Server.GATEHOUSE
        : Server.LEGACY;
  }

  record Reply(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  private static Reply send(String method, String path, Object body, String bearer)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> r =
        HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Reply(r.statusCode(), r.body());
  }

  private static Reply login(String login, String password) throws Exception {
    return send(
        "POST",
        "/auth/login/basic/",
        Map.of("login", login, "password", password, "client", "web"),
        null);
  }

  /** A jb-drf-auth web client of one user, through the base URL only. */
  static final class Client {
    final String email;
    String password;
    String username;
    String access;
    String refresh;
    int signIns;
    int probes;
    boolean passwordChecked;

    Client(String email, String password) {
      this.email = email;
      this.password = password;
    }

    /**
     * The usernames the account may show: the one it chose, or, for an account that chose none (a
     * sign-up on Gatehouse), none on Gatehouse and its email on Django, where a user has one (the
     * write-back gives it the email, as jb-drf-auth's manager derives it), or that email on both
     * once the sync has read the Django row.
     */
    List<String> usernames() {
      return username != null ? List.of(username) : java.util.Arrays.asList(null, email);
    }

    void signIn() throws Exception {
      assertThat(signIns).as("%s signs in once", email).isZero();
      signInAgain();
    }

    private void signInAgain() throws Exception {
      Reply r = login(email, password);
      assertThat(r.status()).as("%s signs in: %s", email, r.body()).isEqualTo(200);
      access = r.json().at("/tokens/accessToken").asText();
      refresh = r.json().at("/tokens/refreshToken").asText();
      signIns++;
    }

    void refresh() throws Exception {
      Reply r = send("POST", "/auth/token/refresh/", Map.of("refresh", refresh), null);
      assertThat(r.status()).as("%s refreshes: %s", email, r.body()).isEqualTo(200);
      access = r.json().get("access").asText();
      if (r.json().hasNonNull("refresh")) {
        refresh = r.json().get("refresh").asText();
      }
    }

    /** A request with the access token, refreshed once when refused (as on its expiry). */
    Reply authorized(String method, String path, Object body) throws Exception {
      Reply r = send(method, path, body, access);
      if (r.status() == 401) {
        refresh();
        r = send(method, path, body, access);
      }
      return r;
    }

    JsonNode me() throws Exception {
      Reply r = authorized("GET", "/auth/me/?client=web", null);
      assertThat(r.status()).as("%s me/: %s", email, r.body()).isEqualTo(200);
      return r.json();
    }

    void changeUsername(String next) throws Exception {
      Reply r = authorized("PATCH", "/auth/account/update/", Map.of("username", next));
      assertThat(r.status()).as("%s account/update/: %s", email, r.body()).isEqualTo(200);
      username = next;
    }

    void changePassword(String next) throws Exception {
      Reply r =
          authorized(
              "POST",
              "/auth/password-reset/change/",
              Map.of("old_password", password, "new_password", next, "new_password_confirm", next));
      assertThat(r.status()).as("%s password-reset/change/: %s", email, r.body()).isEqualTo(200);
      password = next;
      passwordChecked = false;
      // Django keeps the client's tokens; Gatehouse ends every session of the account, the
      // caller's too (AccountService#changePassword), so that client signs in again: the one
      // sign-in the walk allows, made by the user's own change, not by a step.
      Reply after = send("POST", "/auth/token/refresh/", Map.of("refresh", refresh), null);
      if (expected(this) == Server.LEGACY) {
        assertThat(after.status())
            .as("%s refreshes after its change: %s", email, after.body())
            .isEqualTo(200);
        access = after.json().get("access").asText();
        refresh = after.json().get("refresh").asText();
      } else {
        assertThat(after.status())
            .as("%s refreshes after its change: %s", email, after.body())
            .isEqualTo(401);
        signInAgain();
      }
    }

    void resetPassword(String next) throws Exception {
      Reply requested = send("POST", "/auth/password-reset/request/", Map.of("email", email), null);
      assertThat(requested.status())
          .as("%s reset request: %s", email, requested.body())
          .isEqualTo(200);
      Matcher link = VERIFY.matcher(django.run("mail", email).get("body").asText());
      assertThat(link.find()).as("%s: Django mailed its link", email).isTrue();
      Reply confirmed =
          send(
              "POST",
              "/auth/password-reset/confirm/",
              Map.of(
                  "uid",
                  link.group(1),
                  "token",
                  link.group(2),
                  "new_password",
                  next,
                  "new_password_confirm",
                  next),
              null);
      assertThat(confirmed.status())
          .as("%s password-reset/confirm/: %s", email, confirmed.body())
          .isEqualTo(200);
      assertThat(django.run("row", email, next).get("password_ok").asBoolean())
          .as("%s: Django took the new password", email)
          .isTrue();
      // Django keeps the client's tokens after a reset: the client goes on.
      password = next;
      passwordChecked = false;
    }

    void signUp() throws Exception {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("email", email);
      body.put("password", password);
      body.put("password_confirm", password);
      body.put("first_name", "Ana");
      body.put("last_name_1", "García");
      body.put("birthday", "1990-04-01");
      body.put("gender", "FEMALE");
      body.put("terms_and_conditions_accepted", true);
      Reply r = send("POST", "/auth/register/", body, null);
      assertThat(r.status()).as("%s register/: %s", email, r.body()).isEqualTo(201);
      gatehouse.deliverPending();
      Matcher link = VERIFY.matcher(mail.lastTo(email).orElseThrow().textBody());
      assertThat(link.find()).isTrue();
      Reply confirmed =
          send(
              "POST",
              "/auth/registration/account-confirmation-email/",
              Map.of("uid", link.group(1), "token", link.group(2)),
              null);
      assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
      username = gatehouse.accounts().findByEmail(email).orElseThrow().username();
    }
  }

  /**
   * The host's side of the walk (no {@code @Configuration}: the example's component scan would take
   * it into every test): the legacy cut-over's parts on Django's database, the cohorts installed
   * with the rule, deliveries (the write-back) run when the test says, and the forwarding in front
   * of the contract's routes.
   */
  static class WalkBeans {
    static URI legacy;

    // snippet:start legacy-accounts
    @Bean
    LegacyAccountResolver legacyAccounts(EntityManagerFactory emf) {
      return GatehouseImports.legacyAccounts(emf, "django"); // the import's source name
    }

    // snippet:end legacy-accounts

    @Bean
    LegacyCredentials walkLegacyCredentials() {
      return new DjangoCredentialTables(djangoDb.dataSource());
    }

    @Bean
    LegacyWriteBack walkLegacyWriteBack() {
      return UserTableWriteBack.jbDrfAuth(
          djangoDb.dataSource(), "accounts_user", "accounts_profile", "USER");
    }

    @Bean
    GatehouseBuilderCustomizer walkCohorts() {
      return b -> b.install(new Cohorts(RULE)).dispatchDeliveries(false);
    }

    @Bean
    FilterRegistrationBean<CohortForwarding> walkForwarding(
        Gatehouse g, LegacyAccountResolver accounts) {
      CohortForwarding filter =
          CohortForwarding.builder(
                  g.feature(CohortService.class),
                  legacy,
                  new DjangoDirectory(djangoDb.dataSource(), accounts))
              .sessions(g.sessions())
              .build();
      FilterRegistrationBean<CohortForwarding> registration = new FilterRegistrationBean<>(filter);
      registration.addUrlPatterns("/auth/*");
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      return registration;
    }
  }

  /**
   * The host's directory of Django's accounts: a sign-in's identifier and a legacy token's id read
   * in Django's user table, a Gatehouse token's account through the importer's mapping.
   */
  record DjangoDirectory(DataSource django, LegacyAccountResolver accounts)
      implements LegacyDirectory {
    /** Django's {@code PASSWORD_RESET_TIMEOUT}: three days. */
    static final long DJANGO_RESET_TIMEOUT = 259_200;

    @Override
    public Optional<CohortMember> byIdentifier(String identifier) {
      return one(
          "select id, email from accounts_user where lower(email) = lower(?) or username = ?",
          identifier,
          identifier);
    }

    /** A simplejwt token whose signature verifies under Django's key, as simplejwt checks it. */
    @Override
    public Optional<CohortMember> byLegacyToken(String token) {
      try {
        com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(token);
        if (!jwt.verify(
            new com.nimbusds.jose.crypto.MACVerifier(
                LegacyDjango.SECRET_KEY.getBytes(StandardCharsets.UTF_8)))) {
          return Optional.empty();
        }
        Object id = jwt.getJWTClaimsSet().getClaim("user_id");
        return id == null ? Optional.empty() : byLegacyId(String.valueOf(id));
      } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
        return Optional.empty();
      }
    }

    /**
     * A link Django mailed: {@code uid} the user's id in URL-safe base64, {@code token} Django's
     * {@code PasswordResetTokenGenerator} token ({@code <seconds since 2001 in base 36>-<every
     * second hex digit of HMAC-SHA256>}, keyed by SHA-256 of the generator's salt and {@code
     * SECRET_KEY}, over the user's id, password hash, last sign-in to the second, the token's time
     * and email), checked against the user's row as Django checks it, time-out included.
     */
    @Override
    public Optional<CohortMember> byLegacyLink(String route, String uid, String token) {
      String id;
      try {
        id = new String(java.util.Base64.getUrlDecoder().decode(uid), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      int dash = token.indexOf('-');
      if (!id.matches("[0-9]{1,18}") || dash < 1 || dash > 13) {
        return Optional.empty();
      }
      long ts;
      try {
        ts = Long.parseLong(token.substring(0, dash), 36);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      long now =
          java.time.Duration.between(
                  java.time.Instant.parse("2001-01-01T00:00:00Z"), java.time.Instant.now())
              .toSeconds();
      // Django 3.2 counts in its local time: a day ahead is its time zone, not a forgery.
      if (ts > now + 86_400 || now - ts > DJANGO_RESET_TIMEOUT) {
        return Optional.empty();
      }
      try (Connection c = django.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "select password, last_login, email from accounts_user where id = ?")) {
        ps.setLong(1, Long.parseLong(id));
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          java.time.OffsetDateTime last = rs.getObject(2, java.time.OffsetDateTime.class);
          String login =
              last == null
                  ? ""
                  : last.withOffsetSameInstant(java.time.ZoneOffset.UTC)
                      .toLocalDateTime()
                      .withNano(0)
                      .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
          String email = rs.getString(3) == null ? "" : rs.getString(3);
          String value = id + rs.getString(1) + login + ts + email;
          javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
          mac.init(
              new javax.crypto.spec.SecretKeySpec(
                  java.security.MessageDigest.getInstance("SHA-256")
                      .digest(
                          ("django.contrib.auth.tokens.PasswordResetTokenGenerator"
                                  + LegacyDjango.SECRET_KEY)
                              .getBytes(StandardCharsets.UTF_8)),
                  "HmacSHA256"));
          String hex =
              java.util.HexFormat.of()
                  .formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
          StringBuilder every = new StringBuilder();
          for (int i = 0; i < hex.length(); i += 2) {
            every.append(hex.charAt(i));
          }
          String expected = token.substring(0, dash) + "-" + every;
          return java.security.MessageDigest.isEqual(
                  expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))
              ? byLegacyId(id)
              : Optional.empty();
        }
      } catch (java.sql.SQLException | java.security.GeneralSecurityException e) {
        throw new IllegalStateException("a Django link could not be checked", e);
      }
    }

    @Override
    public Optional<CohortMember> byLegacyId(String legacyId) {
      if (!legacyId.matches("[0-9]{1,18}")) {
        return Optional.empty();
      }
      return one("select id, email from accounts_user where id = ?", Long.parseLong(legacyId));
    }

    @Override
    public Optional<CohortMember> byAccount(UUID account) {
      return accounts.legacyUserIdOf(account).flatMap(this::byLegacyId);
    }

    private Optional<CohortMember> one(String sql, Object... args) {
      try (Connection c = django.getConnection();
          PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? Optional.of(CohortMember.of(String.valueOf(rs.getLong(1)), rs.getString(2)))
              : Optional.empty();
        }
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("Django's user table could not be read", e);
      }
    }
  }
}
