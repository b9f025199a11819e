package dev.gatehouse.spring.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.annotation.Bean;

/**
 * The sign-in pages in headless Chromium, walked as a person does: type, click, read the page, read
 * the code or the link from the captured email or SMS, follow it. Time moves only on the test's
 * clock. Each test leaves a screenshot of its last page in {@code target/screenshots/}.
 */
@OneDatabase(
    "what the pages show and do in a browser; the flows behind them are tested per database")
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class SignInPagesTest extends BrowserPagesTestBase {
  @Parameter DatabaseKind kind;

  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}");
  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
  private static final Pattern LINK =
      Pattern.compile("https?://[^\\s\"<>]+\\?token=[A-Za-z0-9_-]+");
  private static final AtomicInteger SEQ = new AtomicInteger(100);
  private static final String PASSWORD = "correct horse battery staple";

  private static MutableClock clock;
  private static CapturingEmailSender emails;
  private static CapturingSmsSender texts;
  private static String base;

  /** Texts captured in memory instead of sent. */
  static class CapturedSms {
    @Bean
    CapturingSmsSender capturingSmsSender() {
      return new CapturingSmsSender();
    }
  }

  @BeforeParameterizedClassInvocation
  static void startSignInHost(DatabaseKind kind) {
    app =
        PagesHost.start(
            kind,
            Map.of(
                // Every test's codes come from 127.0.0.1.
                "gatehouse.throttle.otp.per-ip-hourly", "10000"),
            PagesHost.TestClock.class,
            PagesHost.CapturedEmail.class,
            CapturedSms.class);
    clock = app.bean(MutableClock.class);
    emails = app.bean(CapturingEmailSender.class);
    texts = app.bean(CapturingSmsSender.class);
    base = "http://127.0.0.1:" + app.port();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static void open(String path) {
    browser.get(base + path);
  }

  private static WebElement byId(String id) {
    return browser.findElement(By.id(id));
  }

  private static void type(String id, String text) {
    WebElement field = byId(id);
    field.clear();
    field.sendKeys(text);
  }

  /**
   * Clicks what submits a form or follows a link, and waits (up to 30 s, no fixed sleep) for the
   * next page to be loaded: a click returns before a navigation it starts has finished.
   */
  private static void navigate(WebElement target) {
    browser.executeScript("window.gatehouseOldPage = true");
    target.click();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.pollingEvery(Duration.ofMillis(20)).ignoring(WebDriverException.class);
    wait.until(
        d ->
            (Boolean)
                ((ChromeDriver) d)
                    .executeScript(
                        "return window.gatehouseOldPage === undefined"
                            + " && document.readyState === 'complete'"));
  }

  private static void press(String id) {
    navigate(byId(id));
  }

  private static String text(String id) {
    return byId(id).getText();
  }

  private static String path() {
    return URI.create(browser.getCurrentUrl()).getPath();
  }

  private static String newEmail(String what) {
    return what + "." + SEQ.incrementAndGet() + "@example.com";
  }

  private static String newPhone() {
    return "+1415555" + String.format("%04d", SEQ.incrementAndGet());
  }

  private static String codeIn(String text) {
    Matcher m = CODE.matcher(text);
    assertThat(m.find()).as("a 6-digit code in %s", text).isTrue();
    return m.group(1);
  }

  private static String emailedCode(String email) {
    return codeIn(emails.lastTo(email).orElseThrow().textBody());
  }

  /** The emailed link, on the running app's address (the configured one is its public address). */
  private static String emailedLink(String email) {
    EmailMessage mail = emails.lastTo(email).orElseThrow();
    Matcher m = LINK.matcher(mail.textBody());
    assertThat(m.find()).as("a link in the email").isTrue();
    URI link = URI.create(m.group());
    return base + link.getRawPath() + "?" + link.getRawQuery();
  }

  private static String wrongCode(String right) {
    return right.equals("000000") ? "111111" : "000000";
  }

  /** Asks for a code on the request page; lands on the verify page. */
  private static void requestCode(String channel, String contact) {
    open("/otp/request/");
    byId("channel-" + channel).click();
    type("contact", contact);
    press("send");
  }

  private static void enterCode(String code) {
    type("code", code);
    press("verify");
  }

  /**
   * Nothing a script or the page could hand on: no token in the page, the URL or a readable cookie.
   */
  private static void assertNoTokenExposed() {
    assertThat(browser.getCurrentUrl()).doesNotContain("token").doesNotContainPattern(JWT);
    assertThat(browser.getPageSource()).doesNotContainPattern(JWT).doesNotContain("refresh");
    Object readable = browser.executeScript("return document.cookie");
    assertThat((String) readable).doesNotContain(PageCookie.NAME);
    for (Cookie c : browser.manage().getCookies()) {
      assertThat(c.getValue()).doesNotContainPattern(JWT);
    }
  }

  /** The session cookie's name and attributes, as application.yml sets them. */
  private static final class PageCookie {
    static final String NAME = PagesHost.SESSION_COOKIE;
  }

  private static Cookie sessionCookie() {
    return browser.manage().getCookieNamed(PageCookie.NAME);
  }

  private static void assertSignedInAs(String name) {
    assertThat(path()).isEqualTo("/signed-in/");
    assertThat(text("who")).contains(name);
    Cookie session = sessionCookie();
    assertThat(session).as("session cookie").isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.isSecure()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Lax");
    assertNoTokenExposed();
  }

  private static Gatehouse gatehouse() {
    return app.bean(Gatehouse.class);
  }

  /** A confirmed account with {@link #PASSWORD}, made through the library directly. */
  private static String confirmedAccount() {
    String email = newEmail("pw");
    gatehouse()
        .accounts()
        .register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
    String link = emailedLink(email);
    gatehouse().accounts().confirmEmail(link.substring(link.indexOf("token=") + 6));
    return email;
  }

  private static void logIn(String identifier, String password) {
    open("/login/");
    type("identifier", identifier);
    type("password", password);
    press("submit");
  }

  // ---- emailed links ------------------------------------------------------------------------

  private static final Pattern LINK_CODE = Pattern.compile("\\n\\s+(\\d{6})\\n");

  private static void requestMagicLink(String email) {
    open("/login/");
    navigate(byId("magic-link"));
    assertThat(path()).isEqualTo("/magic-link/request/");
    type("email", email);
    press("send");
    assertThat(text("sent")).startsWith("If this address can sign in");
  }

  private static String linkCode(String email) {
    Matcher m = LINK_CODE.matcher(emails.lastTo(email).orElseThrow().textBody());
    assertThat(m.find()).as("a code in the sign-in email").isTrue();
    return m.group(1);
  }

  @Test
  void anEmailedLinkSignsInOnlyInTheBrowserThatAskedForIt() {
    String email = confirmedAccount();
    requestMagicLink(email);
    String link = emailedLink(email);
    java.util.Set<Cookie> asking = browser.manage().getCookies();

    // Another browser (none of the asking one's cookies): refused, and nothing is spent.
    browser.manage().deleteAllCookies();
    browser.get(link);
    assertThat(path()).isEqualTo("/magic-link/open/");
    assertThat(browser.getCurrentUrl()).doesNotContain("token");
    press("submit");
    assertThat(text("message")).contains("asked for in another browser");
    assertThat(sessionCookie().getValue()).isNotIn(asking.stream().map(Cookie::getValue).toList());

    // Back in the browser that asked, the same link signs in.
    browser.manage().deleteAllCookies();
    asking.forEach(c -> browser.manage().addCookie(c));
    browser.get(link);
    press("submit");
    assertSignedInAs(email);
  }

  @Test
  void theEmailedCodeSignsInOnThePageThatAsked() {
    String email = confirmedAccount();
    requestMagicLink(email);
    String right = linkCode(email);
    type("code", wrongCode(right));
    press("verify");
    assertThat(text("code-error")).isEqualTo("That code is not right. Check it and try again.");
    assertThat(byId("code").getDomAttribute("aria-invalid")).isEqualTo("true");
    type("code", right);
    press("verify");
    assertSignedInAs(email);
  }

  // ---- one-time codes -----------------------------------------------------------------------

  @Test
  void anEmailCodeSignsInAfterThreeWrongOnesAndLogoutEndsTheSession() throws Exception {
    String email = newEmail("otp");
    requestCode("email", email);
    assertThat(path()).isEqualTo("/otp/verify/");
    assertThat(text("sent-to")).doesNotContain(email);
    WebElement code = byId("code");
    assertThat(code.getDomAttribute("inputmode")).isEqualTo("numeric");
    assertThat(code.getDomAttribute("autocomplete")).isEqualTo("one-time-code");
    String right = emailedCode(email);
    for (int i = 0; i < 3; i++) {
      enterCode(wrongCode(right));
      assertThat(path()).isEqualTo("/otp/verify/");
      assertThat(text("code-error")).isEqualTo("That code is not right. Check it and try again.");
      assertThat(byId("code").getDomAttribute("aria-invalid")).isEqualTo("true");
    }
    enterCode(right);
    assertSignedInAs(email);
    String cookieWhileSignedIn = sessionCookie().getValue();

    press("logout");
    assertThat(path()).isEqualTo("/login/");
    assertThat(text("notice")).isEqualTo("You are signed out.");
    Cookie after = sessionCookie();
    assertThat(after == null ? null : after.getValue()).isNotEqualTo(cookieWhileSignedIn);
    open("/account/password/");
    assertThat(path()).isEqualTo("/login/");
    // The old cookie, replayed by someone who copied it, opens nothing.
    HttpResponse<String> replay =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/account/password/"))
                    .header("Cookie", PageCookie.NAME + "=" + cookieWhileSignedIn)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(replay.statusCode()).isEqualTo(302);
    assertThat(replay.headers().firstValue("Location").orElseThrow()).endsWith("/login/");
  }

  @Test
  void logoutExpiresTheHostsOwnSessionCookie() throws Exception {
    String email = confirmedAccount();
    logIn(email, PASSWORD);
    assertSignedInAs(email);
    String session = sessionCookie().getValue();
    String token =
        browser
            .findElement(By.cssSelector("form[action='/logout/'] input[name='_csrf']"))
            .getDomAttribute("value");
    // The host names its cookie (server.servlet.session.cookie.name): logout expires that one.
    HttpResponse<String> out =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/logout/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", PageCookie.NAME + "=" + session)
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(out.statusCode()).isEqualTo(302);
    assertThat(out.headers().allValues("Set-Cookie"))
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith(PageCookie.NAME + "=;")
                    .containsAnyOf("Max-Age=0", "Expires=Thu, 01 Jan 1970"));
  }

  @Test
  void aPhoneCodeArrivesBySmsAndAPastedCodeKeepsOnlyItsDigits() {
    String phone = newPhone();
    requestCode("phone", phone);
    assertThat(path()).isEqualTo("/otp/verify/");
    String right = codeIn(texts.lastTo(phone).orElseThrow().body());
    String pasted =
        (String)
            browser.executeScript(
                "const field = arguments[0]; const data = new DataTransfer();"
                    + " data.setData('text/plain', arguments[1]);"
                    + " field.dispatchEvent(new ClipboardEvent('paste',"
                    + " {clipboardData: data, bubbles: true, cancelable: true}));"
                    + " return field.value;",
                byId("code"),
                "Your code: " + right.substring(0, 3) + " " + right.substring(3));
    assertThat(pasted).isEqualTo(right);
    press("verify");
    assertSignedInAs(phone);
  }

  @Test
  void theRequestPageExplainsMalformedContacts() {
    open("/otp/request/");
    press("send");
    assertThat(text("contact-error")).isEqualTo("Enter your email address.");
    requestCode("email", "not-an-address");
    assertThat(path()).isEqualTo("/otp/request/");
    assertThat(text("contact-error")).isEqualTo("This is not a valid email address.");
    assertThat(byId("contact").getDomAttribute("aria-describedby")).contains("contact-error");
    requestCode("phone", "12ab");
    assertThat(text("contact-error"))
        .isEqualTo("This is not a valid phone number. Start with + and the country code.");
    assertThat(byId("channel-phone").isSelected()).isTrue();
    assertThat(byId("contact").getDomProperty("value")).isEqualTo("12ab");
  }

  @Test
  void resendWaitsOutTheCooldownWithAVisibleCountdown() {
    String email = newEmail("cool");
    requestCode("email", email);
    String first = emailedCode(email);
    WebElement resend = byId("resend");
    assertThat(resend.isEnabled()).isFalse();
    assertThat(text("resend-wait")).matches("You can ask for a new code in \\d+ s\\.");

    // Asking again on the request page during the cooldown: a message with the wait.
    requestCode("email", email);
    assertThat(path()).isEqualTo("/otp/request/");
    assertThat(text("form-error"))
        .isEqualTo("A code was sent moments ago. You can ask for another in 60 seconds.");
    clock.advance(Duration.ofSeconds(45));
    requestCode("email", email);
    assertThat(text("form-error"))
        .isEqualTo("A code was sent moments ago. You can ask for another in 15 seconds.");

    clock.advance(Duration.ofSeconds(16));
    open("/otp/verify/");
    assertThat(byId("resend").isEnabled()).isTrue();
    assertThat(text("resend-wait")).isEqualTo("Did not get it? You can ask for a new code.");
    press("resend");
    assertThat(text("notice")).isEqualTo("A new code is on its way. Only the newest code works.");
    assertThat(byId("resend").isEnabled()).isFalse();
    String second = emailedCode(email);
    assertThat(second).isNotEqualTo(first);
    // Resending again at once: refused with the wait, the button still disabled.
    browser.executeScript("document.getElementById('resend').disabled = false");
    press("resend");
    assertThat(text("form-error")).startsWith("A code was sent moments ago.");
    enterCode(second);
    assertSignedInAs(email);
  }

  @Test
  void expiredAndBurnedCodesEachSayWhatHappened() {
    String email = newEmail("late");
    requestCode("email", email);
    String expired = emailedCode(email);
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    enterCode(expired);
    assertThat(text("code-error")).isEqualTo("This code has expired. Ask for a new code.");

    press("resend");
    String right = emailedCode(email);
    List<String> messages = new ArrayList<>();
    do {
      enterCode(wrongCode(right));
      messages.add(text("code-error"));
    } while (!messages.get(messages.size() - 1).startsWith("Too many") && messages.size() < 6);
    assertThat(messages.get(0)).isEqualTo("That code is not right. Check it and try again.");
    assertThat(messages.get(messages.size() - 1))
        .isEqualTo("Too many wrong tries: this code no longer works. Ask for a new code.");
    enterCode(right);
    assertThat(path()).isEqualTo("/otp/verify/");
    assertThat(text("code-error"))
        .isEqualTo("Too many wrong tries: this code no longer works. Ask for a new code.");
    assertThat(sessionCookie() == null ? null : browser.findElements(By.id("logout")))
        .isNullOrEmpty();
  }

  // ---- password pages -----------------------------------------------------------------------

  @Test
  void registerConfirmFromTheEmailLogInChangePasswordAndLogInAgain() {
    String email = newEmail("reg");
    open("/register/");
    type("email", email);
    type("password", PASSWORD);
    press("submit");
    assertThat(text("message")).startsWith("If the address can be registered");

    logIn(email, PASSWORD);
    assertThat(text("form-error"))
        .isEqualTo("Confirm your email address first: follow the link we sent you.");

    String link = emailedLink(email);
    String token = link.substring(link.indexOf("token=") + 6);
    browser.get(link);
    // The token leaves the address bar at once and never appears in the page.
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/confirm-email");
    assertThat(browser.getPageSource()).doesNotContain(token);
    press("submit");
    assertThat(text("message")).isEqualTo("Your email address is confirmed. You can log in now.");

    logIn(email, "wrong password entirely");
    assertThat(text("form-error")).isEqualTo("The sign-in details are not right.");
    logIn(email, PASSWORD);
    assertSignedInAs(email);

    open("/account/password/");
    type("current", "not the password");
    type("password", "a brand new passphrase");
    type("repeat", "a brand new passphrase");
    press("submit");
    assertThat(text("form-error")).isEqualTo("The current password is not right.");
    type("current", PASSWORD);
    type("password", "a brand new passphrase");
    type("repeat", "a different passphrase");
    press("submit");
    assertThat(text("form-error")).isEqualTo("The two new passwords are not the same.");
    type("current", PASSWORD);
    type("password", "a brand new passphrase");
    type("repeat", "a brand new passphrase");
    press("submit");
    assertThat(text("message")).startsWith("Your password is changed and every session has ended");
    open("/account/password/");
    assertThat(path()).isEqualTo("/login/");

    logIn(email, PASSWORD);
    assertThat(text("form-error")).isEqualTo("The sign-in details are not right.");
    logIn(email, "a brand new passphrase");
    assertSignedInAs(email);
  }

  @Test
  void aResetLinkSetsANewPasswordOnce() {
    String email = confirmedAccount();
    open("/login/");
    // The host registers no social provider: no "Continue with ..." button.
    assertThat(browser.findElements(By.cssSelector(".social a"))).isEmpty();
    navigate(browser.findElement(By.linkText("Forgot your password?")));
    assertThat(path()).isEqualTo("/reset/");
    type("email", email);
    press("submit");
    assertThat(text("message")).startsWith("If an account uses this address");

    String link = emailedLink(email);
    browser.get(link);
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/reset-password");
    type("password", "the reset passphrase");
    type("repeat", "the reset passphrase!");
    press("submit");
    assertThat(text("form-error")).isEqualTo("The two new passwords are not the same.");
    type("password", "the reset passphrase");
    type("repeat", "the reset passphrase");
    press("submit");
    assertThat(text("message")).isEqualTo("Your new password is set. Log in with it.");

    // The same link a second time.
    browser.get(link);
    type("password", "yet another passphrase");
    type("repeat", "yet another passphrase");
    press("submit");
    assertThat(text("message"))
        .isEqualTo("The link is invalid, has expired or was already used. Ask for a new one.");

    logIn(email, PASSWORD);
    assertThat(text("form-error")).isEqualTo("The sign-in details are not right.");
    logIn(email, "the reset passphrase");
    assertSignedInAs(email);
  }

  // ---- security -----------------------------------------------------------------------------

  @Test
  void aFormPostWithoutItsCsrfTokenIsRefusedAndTheJsonApiNeedsNone() throws Exception {
    String email = confirmedAccount();
    open("/login/");
    assertThat(browser.findElements(By.cssSelector("form input[name='_csrf']"))).isNotEmpty();
    browser.executeScript(
        "document.querySelectorAll('input[name=_csrf]').forEach(e => e.remove())");
    type("identifier", email);
    type("password", PASSWORD);
    press("submit");
    assertThat(text("message")).startsWith("The form was too old or did not come from this site.");
    open("/account/password/");
    assertThat(path()).isEqualTo("/login/");

    // Outside a browser too: no token, no post.
    HttpResponse<String> forged =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/otp/request/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("channel=email&contact=" + email))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(emails.lastTo(email).orElseThrow().subject()).doesNotContainIgnoringCase("code");

    // The JSON API beside the pages: bearer tokens, no cookie, no CSRF token.
    HttpResponse<String> login =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/auth/login/basic/"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
    Matcher access = Pattern.compile("\"access\"\\s*:\\s*\"([^\"]+)\"").matcher(login.body());
    assertThat(access.find()).as("an access token in %s", login.body()).isTrue();
    assertThat(me(access.group(1)).statusCode()).isEqualTo(200);
    assertThat(me(null).statusCode()).isEqualTo(401);
  }

  private static HttpResponse<String> me(String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/auth/me/"));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  // ---- layout, accessibility, language ------------------------------------------------------

  @Test
  void everyPageFitsAPhoneAndADesktopWithLabelledFieldsInTabOrder() {
    String email = newEmail("layout");
    requestCode("email", email);
    List<String> pages =
        List.of("/otp/verify/", "/otp/request/", "/login/", "/register/", "/reset/", "/");
    for (int width : new int[] {375, 1280}) {
      chromium.viewport(width, 800, width < 500);
      for (String page : pages) {
        open(page);
        Number inner = (Number) browser.executeScript("return window.innerWidth");
        Number scroll =
            (Number) browser.executeScript("return document.documentElement.scrollWidth");
        assertThat(inner.intValue()).as("viewport of %s", page).isEqualTo(width);
        assertThat(scroll.intValue())
            .as("no sideways scrolling on %s at %d", page, width)
            .isLessThanOrEqualTo(width);
        Object unlabelled =
            browser.executeScript(
                "return [...document.querySelectorAll('input:not([type=hidden])')]"
                    + ".filter(i => i.labels.length === 0).map(i => i.name)");
        assertThat((List<?>) unlabelled).as("inputs without a label on %s", page).isEmpty();
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
      }
      open("/otp/verify/");
      Number right =
          (Number)
              browser.executeScript(
                  "return document.getElementById('verify').getBoundingClientRect().right");
      assertThat(right.doubleValue())
          .as("verify button inside %d px", width)
          .isLessThanOrEqualTo(width);
    }
    chromium.defaultViewport();

    // The keyboard alone: from the first field, Tab reaches the password and then the button.
    open("/login/");
    byId("identifier").click();
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 5 && !order.contains("submit"); i++) {
      browser.switchTo().activeElement().sendKeys(Keys.TAB);
      order.add(browser.switchTo().activeElement().getDomAttribute("id"));
    }
    assertThat(order).startsWith("password", "submit");
    open("/otp/verify/");
    // Chromium applies autofocus at its next rendering update, after the load event: wait for it
    // (bounded) rather than read the focus once; a page without autofocus still fails here.
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .pollingEvery(Duration.ofMillis(20))
        .until(d -> "code".equals(d.switchTo().activeElement().getDomAttribute("id")));
    assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("code");
    browser.switchTo().activeElement().sendKeys(Keys.TAB);
    assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("verify");
  }

  @Test
  void frenchByTheLangParameterOrTheBrowsersLanguage() throws Exception {
    open("/login/?lang=fr");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Se connecter");
    // The pages are the library's; the site's name is the host's own message (a host's key
    // replaces the module's), the other texts the module's.
    assertThat(browser.getTitle()).isEqualTo("Se connecter · Boutique hôte");
    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("fr");
    type("identifier", newEmail("fr"));
    type("password", "pas le bon mot de passe");
    press("submit");
    assertThat(text("form-error")).isEqualTo("Les identifiants ne sont pas corrects.");
    open("/otp/request/");
    assertThat(text("send")).isEqualTo("Envoyez-moi un code");
    press("lang-en");
    assertThat(text("send")).isEqualTo("Send me a code");
    assertThat(browser.getTitle()).endsWith(" · Host Shop");

    HttpResponse<String> accepted =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/otp/request/"))
                    .header("Accept-Language", "fr-CH, fr;q=0.9, en;q=0.8")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.body()).contains("Se connecter avec un code").contains("lang=\"fr\"");
  }
}
