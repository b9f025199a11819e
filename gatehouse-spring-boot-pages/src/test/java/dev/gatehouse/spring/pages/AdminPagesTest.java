package dev.gatehouse.spring.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.cohorts.CohortMember;
import dev.gatehouse.cohorts.CohortService;
import dev.gatehouse.cohorts.CohortState;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The staff's pages in headless Chromium: find users by a prefix, page on, open one user's picture,
 * disable and enable with a reason, impersonate with a reason, the statistics' chart, the cut-over
 * by cohort's page (each cohort's state and signals, a step forward and back, the accounts not yet
 * moved). An account that is not staff gets 403 on every page and changes nothing. With {@code
 * -Dgatehouse.test.keep-screenshots=true} the pages' pictures in {@code docs/screenshots/} are made
 * again.
 */
@OneDatabase("what the pages show and do in a browser; the admin service is tested per database")
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class AdminPagesTest extends ModulePagesTestBase {
  @Parameter DatabaseKind kind;

  /** A signed-in superuser (staff too) in the browser; their id. */
  private static UUID staffSignedIn() {
    String email = ModulePagesBrowser.newEmail("staff");
    UUID id = b.confirmedAccount(email);
    b.makeStaff(id, true);
    b.logIn(email);
    return id;
  }

  private static String form(String... pairs) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      s.append(s.isEmpty() ? "" : "&")
          .append(pairs[i])
          .append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return s.toString();
  }

  private static CohortService cohorts() {
    return b.gatehouse().feature(CohortService.class);
  }

  /** {@return how many audit entries of the event the account has} */
  private static long audited(UUID subject, String event) {
    List<AuditEntry> entries =
        b.app.bean(AuthStore.class).inTransaction(tx -> tx.audit().forSubject(subject, 200));
    return entries.stream().filter(e -> e.event().equals(event)).count();
  }

  @Test
  void anAccountThatIsNotStaffGets403OnEveryStaffPageAndChangesNothing() throws Exception {
    UUID victim = b.confirmedAccount(ModulePagesBrowser.newEmail("victim"));
    String plain = ModulePagesBrowser.newEmail("plain");
    b.confirmedAccount(plain);
    b.logIn(plain);
    assertThat(b.browser.findElements(By.id("nav-staff"))).isEmpty();
    String cookie = b.cookieHeader();
    String csrf = b.csrfToken();
    String user = "/staff/users/" + victim + "/";
    CohortState pilot = cohorts().state("pilot");
    long refusedBefore =
        audited(b.gatehouse().accounts().findByEmail(plain).orElseThrow().id(), "AdminRefused");
    for (String page :
        List.of(
            "/staff/users/",
            user,
            "/staff/statistics/",
            "/staff/cohorts/",
            "/staff/cohorts/pilot/not-moved/")) {
      HttpResponse<String> got = b.get(page, cookie);
      assertThat(got.statusCode()).as(page).isEqualTo(403);
      assertThat(got.body()).as(page).contains("This page is for staff");
    }
    List<String[]> posts =
        List.of(
            new String[] {"/staff/users/", form("by", "email", "q", "v", "_csrf", csrf)},
            new String[] {user + "disable", form("reason", "fraud", "_csrf", csrf)},
            new String[] {user + "enable", form("_csrf", csrf)},
            new String[] {user + "impersonate", form("reason", "support", "_csrf", csrf)},
            new String[] {
              "/staff/cohorts/pilot/state",
              form("state", "GATEHOUSE", "reason", "all in", "_csrf", csrf)
            });
    for (String[] post : posts) {
      HttpResponse<String> got = b.post(post[0], post[1], cookie);
      assertThat(got.statusCode()).as(post[0]).isEqualTo(403);
      assertThat(got.body()).as(post[0]).contains("This page is for staff");
    }
    assertThat(b.gatehouse().accounts().find(victim).orElseThrow().active()).isTrue();
    assertThat(cohorts().state("pilot")).isEqualTo(pilot);
    // The cohorts' two pages and the step, each refused by the module's service and audited.
    assertThat(
            audited(b.gatehouse().accounts().findByEmail(plain).orElseThrow().id(), "AdminRefused"))
        .isGreaterThanOrEqualTo(refusedBefore + 3);
    // Without a sign-in, the pages send to the login.
    HttpResponse<String> anonymous = b.get("/staff/users/", "x=y");
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/login/");
  }

  @Test
  void staffFindUsersByAPrefixPageByPageAndOpenOnesPicture() {
    String prefix = "find" + UUID.randomUUID().toString().substring(0, 6);
    for (int i = 0; i < 22; i++) {
      b.gatehouse()
          .accounts()
          .register(
              RegistrationRequest.builder()
                  .email(prefix + "." + String.format("%02d", i) + "@example.com")
                  .password(ModulePagesBrowser.PASSWORD)
                  .build());
    }
    staffSignedIn();
    b.open("/staff/users/");
    assertThat(b.text("found-what")).isEqualTo("Accounts created in the last 30 days.");
    b.type("q", prefix.toUpperCase());
    b.press("find");
    List<WebElement> first = b.browser.findElements(By.cssSelector("#users a.user"));
    assertThat(first).hasSize(20);
    assertThat(first.get(0).getText()).isEqualTo(prefix + ".00@example.com");
    assertThat(b.browser.getCurrentUrl()).doesNotContain(prefix);
    chromium.keep("admin-users");
    b.press("next-page");
    assertThat(b.browser.findElements(By.cssSelector("#users a.user")))
        .extracting(WebElement::getText)
        .containsExactly(prefix + ".20@example.com", prefix + ".21@example.com");
    assertThat(b.browser.findElements(By.id("next-page"))).isEmpty();

    b.press(b.browser.findElement(By.cssSelector("#users a.user")));
    assertThat(b.text("account-name")).isEqualTo(prefix + ".20@example.com");
    assertThat(b.text("account-state")).isEqualTo("Active");
  }

  @Test
  void staffDisableWithAReasonWhichEndsTheSessionsThenEnable() {
    String email = ModulePagesBrowser.newEmail("target");
    UUID target = b.confirmedAccount(email);
    SignInResult login =
        b.gatehouse().accounts().login(new LoginRequest(email, ModulePagesBrowser.PASSWORD, null));
    staffSignedIn();
    b.open("/staff/users/" + target + "/");
    assertThat(b.browser.findElements(By.cssSelector("#sessions tbody tr"))).hasSize(1);
    chromium.keep("admin-user");

    // No reason: refused by the admin service, nothing changed.
    b.browser.executeScript(
        "document.getElementById('disable-reason').removeAttribute('required')");
    b.press("disable");
    assertThat(b.text("form-error")).isEqualTo("Give a reason of 1 to 150 characters.");
    assertThat(b.gatehouse().accounts().find(target).orElseThrow().active()).isTrue();

    b.type("disable-reason", "chargeback fraud");
    b.press("disable");
    assertThat(b.text("notice")).isEqualTo("The account is disabled and its sessions have ended.");
    assertThat(b.text("account-state")).isEqualTo("Disabled");
    assertThat(b.browser.findElements(By.id("no-sessions"))).hasSize(1);
    assertThat(b.text("audit")).contains("chargeback fraud");
    assertThat(b.gatehouse().accounts().find(target).orElseThrow().active()).isFalse();
    String access = ((SignInResult.SignedIn) login).tokens().accessToken();
    assertThatThrownBy(() -> b.gatehouse().sessions().verifyLiveAccessToken(access))
        .isInstanceOf(AuthException.class);

    b.press("enable");
    assertThat(b.text("notice")).isEqualTo("The account is enabled again.");
    assertThat(b.gatehouse().accounts().find(target).orElseThrow().active()).isTrue();
  }

  @Test
  void staffDisableUntilATimeThePageShowsTheEndAndAPastEndChangesNothing() {
    String email = ModulePagesBrowser.newEmail("until");
    UUID target = b.confirmedAccount(email);
    staffSignedIn();
    b.open("/staff/users/" + target + "/");
    java.time.Instant now = b.gatehouse().config().clock().instant();
    String script = "document.getElementById('disable-until').value = arguments[0]";

    // An end that has passed: refused by the admin service, nothing changed.
    b.type("disable-reason", "cooling off");
    b.browser.executeScript(script, typed(now.minus(java.time.Duration.ofDays(1))));
    b.press("disable");
    assertThat(b.text("form-error"))
        .isEqualTo("Give an end in the future, at most ten years away.");
    assertThat(b.gatehouse().accounts().find(target).orElseThrow().active()).isTrue();

    java.time.Instant end =
        now.plus(java.time.Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    b.type("disable-reason", "cooling off");
    b.browser.executeScript(script, typed(end));
    b.press("disable");
    assertThat(b.text("account-state")).isEqualTo("Disabled");
    assertThat(b.text("disabled-until")).isEqualTo(end.toString());
    assertThat(b.gatehouse().accounts().find(target).orElseThrow().active()).isFalse();
  }

  /** What a {@code datetime-local} field holds for an instant, read as UTC as the form says. */
  private static String typed(java.time.Instant at) {
    return java.time.LocalDateTime.ofInstant(at, java.time.ZoneOffset.UTC)
        .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
        .toString();
  }

  @Test
  void aSuperuserImpersonatesWithAReasonAndEveryPageSaysSo() {
    String email = ModulePagesBrowser.newEmail("helped");
    UUID helped = b.confirmedAccount(email);
    staffSignedIn();
    b.open("/staff/users/" + helped + "/");
    b.type("impersonate-reason", "ticket 4711: cannot find the settings");
    b.press("impersonate");
    assertThat(b.path()).isEqualTo("/signed-in/");
    assertThat(b.text("who")).contains(email);
    assertThat(b.text("impersonated"))
        .isEqualTo("A staff member is acting as " + email + ". Every step is audited.");
    assertThat(b.browser.findElements(By.id("nav-staff"))).isEmpty();
    chromium.keep("admin-impersonating");
    // The user sees the session among theirs: the only one, as the user never signed in.
    assertThat(b.gatehouse().sessions().listSessions(helped, null)).hasSize(1);
  }

  @Test
  void statisticsDrawEachDaysSignInsFailuresAndLockoutsAsBars() {
    String email = ModulePagesBrowser.newEmail("counted");
    b.confirmedAccount(email);
    b.logIn(email);
    staffSignedIn();
    b.open("/staff/statistics/");
    assertThat(b.browser.findElements(By.cssSelector("#days tbody tr"))).hasSize(14);
    List<WebElement> bars = b.browser.findElements(By.cssSelector("#chart rect.bar"));
    assertThat(bars).hasSize(14 * 3);
    WebElement today =
        b.browser.findElement(By.cssSelector("#chart rect.bar.sign-ins[data-day='2026-05-01']"));
    assertThat(Long.parseLong(today.getDomAttribute("data-value"))).isGreaterThanOrEqualTo(2);
    assertThat(Double.parseDouble(today.getDomAttribute("height"))).isPositive();
    chromium.keep("admin-statistics");

    b.open("/staff/statistics/?from=2026-05-02&to=2026-04-01");
    assertThat(b.text("form-error")).startsWith("Choose a first and a last day");
    assertThat(b.browser.findElements(By.cssSelector("#days tbody tr"))).hasSize(14);
  }

  @Test
  void staffWatchEachCohortMoveOneForwardAndBackAndReadWhoIsNotYetMoved() throws Exception {
    CohortService cohorts = cohorts();
    // Two accounts of the listed cohort and one of the rest, known as the forwarding makes them.
    for (String id : List.of("1", "2", "300")) {
      cohorts.assign(CohortMember.of(id, null));
    }
    UUID staff = staffSignedIn();
    b.open("/staff/cohorts/");
    assertThat(b.browser.findElements(By.id("staff-cohorts"))).hasSize(1);
    WebElement pilot = b.byId("cohort-pilot");
    assertThat(pilot.getDomAttribute("data-state")).isEqualTo("LEGACY");
    assertThat(pilot.findElement(By.className("users")).getText()).isEqualTo("2");
    assertThat(pilot.findElement(By.className("on-legacy")).getText()).isEqualTo("2");
    assertThat(pilot.findElement(By.className("on-gatehouse")).getText()).isEqualTo("0");
    assertThat(b.byId("cohort-everyone").getDomAttribute("data-state")).isEqualTo("LEGACY");
    assertThat(b.text("sync-backlog")).isEqualTo("3");
    assertThat(b.text("sync-delay")).isEqualTo("1.5");
    assertThat(b.text("sync-conflicts")).isEqualTo("1");

    // No reason: refused on the page, nothing changed, nothing audited.
    new Select(b.byId("to-pilot")).selectByValue("MOVING");
    b.press("move-pilot");
    assertThat(b.text("form-error")).contains("reason");
    assertThat(cohorts.state("pilot")).isEqualTo(CohortState.LEGACY);
    assertThat(audited(staff, "CohortMoved")).isZero();

    // A post without the page's CSRF token is refused and changes nothing.
    HttpResponse<String> forged =
        b.post(
            "/staff/cohorts/pilot/state",
            form("state", "GATEHOUSE", "reason", "forged"),
            b.cookieHeader());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(cohorts.state("pilot")).isEqualTo(CohortState.LEGACY);

    new Select(b.byId("to-pilot")).selectByValue("MOVING");
    b.type("reason-pilot", "staff first, after a clean week");
    b.press("move-pilot");
    assertThat(b.text("notice")).startsWith("The step is taken");
    assertThat(b.byId("cohort-pilot").getDomAttribute("data-state")).isEqualTo("MOVING");
    assertThat(cohorts.state("pilot")).isEqualTo(CohortState.MOVING);
    assertThat(cohorts.state("everyone")).isEqualTo(CohortState.LEGACY);
    assertThat(audited(staff, "CohortMoved")).isEqualTo(1);
    chromium.keep("admin-cohorts");

    // The report: neither account has signed in since the step.
    b.press("report-pilot");
    List<WebElement> rows = b.browser.findElements(By.cssSelector("#not-moved tbody tr"));
    assertThat(rows)
        .extracting(r -> r.findElement(By.className("legacy-id")).getText())
        .containsExactly("1", "2");
    assertThat(rows)
        .extracting(r -> r.getDomAttribute("data-reason"))
        .containsOnly("NOT_SIGNED_IN_SINCE");

    // And one step back: the other cohort never moved.
    b.press("back");
    new Select(b.byId("to-pilot")).selectByValue("LEGACY");
    b.type("reason-pilot", "refusals rose");
    b.press("move-pilot");
    assertThat(b.byId("cohort-pilot").getDomAttribute("data-state")).isEqualTo("LEGACY");
    assertThat(b.byId("cohort-pilot").findElement(By.className("version")).getText())
        .isEqualTo("2");
    assertThat(cohorts.state("pilot")).isEqualTo(CohortState.LEGACY);
    assertThat(b.byId("cohort-everyone").findElement(By.className("version")).getText())
        .isEqualTo("0");
    assertThat(audited(staff, "CohortMoved")).isEqualTo(2);
  }
}
