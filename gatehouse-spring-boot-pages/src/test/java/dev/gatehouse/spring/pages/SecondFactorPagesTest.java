package dev.gatehouse.spring.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.mfa.SecondFactorService;
import dev.gatehouse.mfa.SecondFactorService.TotpEnrolment;
import dev.gatehouse.mfa.Totp;
import dev.gatehouse.testing.CapturingEmailSender;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The second-factor pages in headless Chromium: set up an authenticator app from the settings page
 * (the test reads the key from the page and computes the app's codes with {@link Totp} on the
 * test's clock), see the recovery codes once, log in through the second step with an app code or a
 * recovery code, and confirm a settings action with an app code. Time moves only on the test's
 * clock; each test leaves a screenshot of its last page in {@code target/screenshots/}.
 */
@OneDatabase(
    "what the pages show and do in a browser; the flows behind them are tested per database")
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class SecondFactorPagesTest extends BrowserPagesTestBase {
  @Parameter DatabaseKind kind;

  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}");
  private static final Pattern LINK =
      Pattern.compile("https?://[^\\s\"<>]+\\?token=[A-Za-z0-9_-]+");
  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
  private static final AtomicInteger SEQ = new AtomicInteger(100);
  private static final String PASSWORD = "correct horse battery staple";
  private static final Totp TOTP = Totp.sha1();
  private static final String COOKIE = PagesHost.SESSION_COOKIE;
  private static final String DEVICE_COOKIE = PageSession.DEVICE_COOKIE;

  private static MutableClock clock;
  private static CapturingEmailSender emails;
  private static String base;

  @BeforeParameterizedClassInvocation
  static void startSecondFactorHost(DatabaseKind kind) {
    app =
        PagesHost.start(
            kind,
            Map.of(
                "gatehouse.throttle.otp.per-ip-hourly", "10000",
                "gatehouse.mfa.remember-device", "30d"),
            PagesHost.TestClock.class,
            PagesHost.CapturedEmail.class);
    clock = app.bean(MutableClock.class);
    emails = app.bean(CapturingEmailSender.class);
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

  /** Clicks, and waits (no fixed sleep) until the page the click started has loaded. */
  private static void press(String id) {
    browser.executeScript("window.gatehouseOldPage = true");
    byId(id).click();
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

  private static String text(String id) {
    return byId(id).getText();
  }

  private static String path() {
    return URI.create(browser.getCurrentUrl()).getPath();
  }

  private static Gatehouse gatehouse() {
    return app.bean(Gatehouse.class);
  }

  /** A confirmed account with {@link #PASSWORD}, made through the library directly. */
  private static String confirmedAccount() {
    String email = "mfa." + SEQ.incrementAndGet() + "@example.com";
    gatehouse()
        .accounts()
        .register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
    Matcher m = LINK.matcher(emails.lastTo(email).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    String link = m.group();
    gatehouse().accounts().confirmEmail(link.substring(link.indexOf("token=") + 6));
    return email;
  }

  /** The seed of an app set up from its base32 key as shown (grouped by spaces). */
  private static byte[] seedOf(String shown) {
    String key = shown.replace(" ", "").toUpperCase(Locale.ROOT);
    return Base32.decode(key + "=".repeat((8 - key.length() % 8) % 8));
  }

  /** What the app shows now. */
  private static String appCode(byte[] seed) {
    return TOTP.code(seed, TOTP.step(clock.instant()));
  }

  /** The next step's code: the clock moves on by one step first, so no code is replayed. */
  private static String nextAppCode(byte[] seed) {
    clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
    return appCode(seed);
  }

  private static String wrong(String right) {
    return right.equals("000000") ? "111111" : "000000";
  }

  /** An account with a confirmed app, set up through the library; answers the app's seed. */
  private static byte[] enrolledThroughTheLibrary(String email, List<String> recoveryCodes) {
    ClientInfo client = ClientInfo.web();
    VerifiedAccessToken caller =
        gatehouse()
            .sessions()
            .verifyAccessToken(
                gatehouse()
                    .accounts()
                    .login(new LoginRequest(email, PASSWORD, client))
                    .orElseThrow()
                    .tokens()
                    .accessToken());
    TotpEnrolment e =
        gatehouse()
            .feature(SecondFactorService.class)
            .beginTotpEnrolment(caller, Reauthentication.recentSignIn(), client);
    byte[] seed = seedOf(e.secret());
    recoveryCodes.addAll(
        gatehouse()
            .feature(SecondFactorService.class)
            .confirmTotpEnrolment(caller, appCode(seed), client)
            .codes());
    clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
    return seed;
  }

  private static void logIn(String email) {
    open("/login/");
    type("identifier", email);
    type("password", PASSWORD);
    press("submit");
  }

  private static void enterAppCode(String code) {
    type("code", code);
    press("verify");
  }

  /** The enrolment page's form: the app's first code turns it on. */
  private static void confirmApp(String code) {
    type("code", code);
    press("confirm");
  }

  /** Nothing secret where a script, the history or another site could read it. */
  private static void assertNothingExposed(String... secrets) {
    String url = browser.getCurrentUrl();
    assertThat(URI.create(url).getRawQuery()).as("query of %s", url).isNull();
    assertThat(url).doesNotContainPattern(JWT).doesNotContain("token");
    String readable = (String) browser.executeScript("return document.cookie");
    assertThat(readable).doesNotContain(COOKIE).doesNotContainPattern(JWT);
    for (Cookie c : browser.manage().getCookies()) {
      assertThat(c.getName()).isIn(COOKIE, "lang", DEVICE_COOKIE);
    }
    for (String secret : secrets) {
      assertThat(url).doesNotContain(secret);
      assertThat(readable).doesNotContain(secret);
    }
    assertThat(browser.getPageSource()).doesNotContainPattern(JWT).doesNotContain("refresh");
  }

  private static void assertSignedInAs(String email) {
    assertThat(path()).isEqualTo("/signed-in/");
    assertThat(text("who")).contains(email);
    assertNothingExposed();
  }

  // ---- enrolment and the second step --------------------------------------------------------

  @Test
  void anAppSetUpFromTheQrPageGuardsTheNextLoginAndItsRecoveryCodesAreShownOnce() throws Exception {
    String email = confirmedAccount();
    logIn(email);
    assertSignedInAs(email);
    press("nav-security");
    assertThat(path()).isEqualTo("/account/security/");
    assertThat(text("totp-status")).startsWith("Off.");

    // A fresh sign-in is recent enough: the setup starts without asking for the password again.
    press("enrol");
    assertThat(path()).isEqualTo("/account/security/totp/");
    WebElement qr = byId("qr");
    assertThat(qr.getDomAttribute("alt")).isNotBlank();
    Number qrWidth = (Number) browser.executeScript("return arguments[0].naturalWidth", qr);
    assertThat(qrWidth.intValue()).as("the QR code image loaded").isGreaterThan(100);
    String shown = text("totp-secret");
    byte[] seed = seedOf(shown);
    assertThat(seed).hasSizeGreaterThanOrEqualTo(20);
    String key = shown.replace(" ", "");
    assertNothingExposed(key);
    chromium.screenshot("SecondFactorPagesTest-enrolment-" + kind);
    // The image is this enrolment's only, and only for this browser's session.
    HttpResponse<byte[]> stranger =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/account/security/totp/qr.png")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(stranger.statusCode()).isEqualTo(302);

    confirmApp(wrong(appCode(seed)));
    assertThat(path()).isEqualTo("/account/security/totp/confirm/");
    assertThat(text("code-error")).contains("not right");
    assertThat(text("totp-secret")).isEqualTo(shown);
    String confirmation = appCode(seed);
    confirmApp(confirmation);

    assertThat(path()).isEqualTo("/account/security/recovery-codes/");
    assertThat(text("notice")).contains("is on");
    List<String> codes =
        byId("recovery-codes").findElements(By.tagName("li")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(codes).hasSize(10).doesNotHaveDuplicates();
    assertThat(codes).allMatch(c -> c.matches("[a-z0-9]{5}-[a-z0-9]{5}"));
    assertNothingExposed(codes.get(0), key);
    chromium.screenshot("SecondFactorPagesTest-recovery-codes-" + kind);
    // Shown once: a reload lands on the settings, which only count them.
    browser.navigate().refresh();
    assertThat(path()).isEqualTo("/account/security/");
    assertThat(browser.getPageSource()).doesNotContain(codes.get(0));
    assertThat(text("totp-status")).startsWith("On.");
    assertThat(text("codes-left")).isEqualTo("10 recovery codes left.");

    press("logout");
    logIn(email);
    assertThat(path()).isEqualTo("/login/mfa/");
    assertNothingExposed(key);
    assertThat(byId("code").getDomAttribute("autocomplete")).isEqualTo("one-time-code");
    // The code that confirmed the app is spent: replayed within its own step, it is refused.
    enterAppCode(confirmation);
    assertThat(path()).isEqualTo("/login/mfa/");
    assertThat(text("code-error"))
        .isEqualTo("This code was already used. Wait for the next one your app shows.");
    assertThat(byId("code").getDomAttribute("aria-invalid")).isEqualTo("true");
    String next = nextAppCode(seed);
    enterAppCode(next);
    assertSignedInAs(email);
    assertThat(browser.manage().getCookieNamed(DEVICE_COOKIE)).as("not asked to remember").isNull();

    // Replayed on a new login in its own step, the code that just signed in is refused too.
    press("logout");
    logIn(email);
    enterAppCode(next);
    assertThat(text("code-error")).contains("already used");
  }

  @Test
  void aRecoveryCodeSignsInOnceAndASecondUseIsRefused() {
    String email = confirmedAccount();
    List<String> codes = new ArrayList<>();
    enrolledThroughTheLibrary(email, codes);
    // The second step follows a code login too.
    open("/otp/request/");
    byId("channel-email").click();
    type("contact", email);
    press("send");
    Matcher m = CODE.matcher(emails.lastTo(email).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    type("code", m.group(1));
    press("verify");
    long mailsBefore = emails.sent().stream().filter(e -> e.to().equals(email)).count();
    assertThat(path()).isEqualTo("/login/mfa/");
    press("use-recovery");
    assertThat(path()).isEqualTo("/login/mfa/");
    assertThat(byId("recovery-code").getDomAttribute("autocomplete")).isEqualTo("off");
    type("recovery-code", "aaaaa-aaaaa");
    press("verify");
    assertThat(text("code-error"))
        .isEqualTo("That recovery code is not right or was already used.");
    // Typed as people do: capitals, without the hyphen.
    String code = codes.get(3);
    type("recovery-code", code.replace("-", " ").toUpperCase(Locale.ROOT));
    press("verify");
    assertSignedInAs(email);
    // The owner hears that a recovery code was used (and the mail does not carry it).
    assertThat(emails.sent().stream().filter(e -> e.to().equals(email)).count())
        .isEqualTo(mailsBefore + 1);
    EmailMessage notice = emails.lastTo(email).orElseThrow();
    assertThat(notice.textBody()).doesNotContain(code).doesNotContain(code.replace("-", ""));
    press("nav-security");
    assertThat(text("codes-left")).isEqualTo("9 recovery codes left.");

    press("logout");
    logIn(email);
    press("use-recovery");
    type("recovery-code", code);
    press("verify");
    assertThat(path()).isEqualTo("/login/mfa/");
    assertThat(text("code-error"))
        .isEqualTo("That recovery code is not right or was already used.");
    press("use-totp");
    assertThat(byId("code")).isNotNull();
  }

  @Test
  void aSecondStepLeftTooLongSaysItExpiredAndStartsOver() {
    String email = confirmedAccount();
    byte[] seed = enrolledThroughTheLibrary(email, new ArrayList<>());
    logIn(email);
    assertThat(path()).isEqualTo("/login/mfa/");
    clock.advance(Duration.ofMinutes(6));
    enterAppCode(appCode(seed));
    assertThat(text("message"))
        .isEqualTo("Too much time passed since you entered your password or code. Log in again.");
    open("/login/mfa/");
    assertThat(path()).isEqualTo("/login/");
    // Without a first factor, the second step opens nothing.
    open("/account/security/");
    assertThat(path()).isEqualTo("/login/");
  }

  @Test
  void rememberThisDeviceSkipsTheSecondStepForThatAccountInThisBrowserOnly() {
    String email = confirmedAccount();
    byte[] seed = enrolledThroughTheLibrary(email, new ArrayList<>());
    String other = confirmedAccount();
    byte[] otherSeed = enrolledThroughTheLibrary(other, new ArrayList<>());
    logIn(email);
    assertThat(browser.findElement(By.cssSelector("label[for=remember]")).getText())
        .isEqualTo("Do not ask again on this device for 30 days");
    byId("remember").click();
    enterAppCode(appCode(seed));
    assertSignedInAs(email);
    Cookie device = browser.manage().getCookieNamed(DEVICE_COOKIE);
    assertThat(device).isNotNull();
    assertThat(device.isHttpOnly()).isTrue();
    assertThat(device.isSecure()).isTrue();
    assertThat(device.getSameSite()).isEqualTo("Lax");
    assertThat(device.getExpiry()).as("kept after the browser closes").isNotNull();

    press("logout");
    logIn(email);
    assertSignedInAs(email);
    // The device token stands in for this account's second factor only.
    press("logout");
    logIn(other);
    assertThat(path()).isEqualTo("/login/mfa/");
    enterAppCode(appCode(otherSeed));
    assertSignedInAs(other);
    // Another browser (this one without the cookie) is asked again.
    press("logout");
    browser.manage().deleteCookieNamed(DEVICE_COOKIE);
    logIn(email);
    assertThat(path()).isEqualTo("/login/mfa/");
    // And a copied or guessed token opens nothing: back to the second step.
    browser.manage().addCookie(new Cookie(DEVICE_COOKIE, device.getValue() + "x"));
    logIn(email);
    assertThat(path()).isEqualTo("/login/mfa/");
  }

  // ---- step-up ------------------------------------------------------------------------------

  @Test
  void aStaleSessionConfirmsWithTheAppCodeToMakeNewCodesAndTurnTheAppOff() {
    String email = confirmedAccount();
    List<String> first = new ArrayList<>();
    byte[] seed = enrolledThroughTheLibrary(email, first);
    logIn(email);
    String signInCode = appCode(seed);
    enterAppCode(signInCode);
    assertSignedInAs(email);
    // Beyond the recent-authentication window (5 minutes).
    clock.advance(Duration.ofMinutes(6));

    open("/account/security/");
    press("regenerate");
    assertThat(path()).isEqualTo("/account/security/recovery-codes/");
    assertThat(byId("reauth-totp").getDomAttribute("inputmode")).isEqualTo("numeric");
    assertThat(byId("reauth-password")).isNotNull();
    type("reauth-totp", wrong(appCode(seed)));
    press("reauth-totp-submit");
    assertThat(text("form-error")).contains("not right");
    type("reauth-totp", appCode(seed));
    press("reauth-totp-submit");
    List<String> fresh =
        byId("recovery-codes").findElements(By.tagName("li")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(first);
    assertThat(text("notice")).contains("old ones no longer work");

    open("/account/security/");
    press("remove-totp");
    assertThat(path()).isEqualTo("/account/security/totp/remove/");
    // The code just used for the new recovery codes does not confirm a second action.
    type("reauth-totp", appCode(seed));
    press("reauth-totp-submit");
    assertThat(text("form-error")).contains("already used");
    type("reauth-totp", nextAppCode(seed));
    press("reauth-totp-submit");
    assertThat(path()).isEqualTo("/account/security/");
    assertThat(text("notice")).contains("turned off");
    assertThat(text("totp-status")).startsWith("Off.");

    press("logout");
    logIn(email);
    assertSignedInAs(email);
  }

  @Test
  void thePasswordChangeAcceptsTheAppCodeInsteadOfTheCurrentPassword() {
    String email = confirmedAccount();
    byte[] seed = enrolledThroughTheLibrary(email, new ArrayList<>());
    logIn(email);
    enterAppCode(appCode(seed));
    assertSignedInAs(email);
    open("/account/password/");
    assertThat(byId("current").getDomAttribute("required")).isNull();
    type("current-totp", nextAppCode(seed));
    type("password", "a brand new passphrase");
    type("repeat", "a brand new passphrase");
    press("submit");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Password changed");
    open("/login/");
    type("identifier", email);
    type("password", "a brand new passphrase");
    press("submit");
    assertThat(path()).isEqualTo("/login/mfa/");
  }

  // ---- language and layout ------------------------------------------------------------------

  @Test
  void theSecondStepAndTheSettingsAreInFrenchAndFitAPhone() {
    String email = confirmedAccount();
    logIn(email);
    press("nav-security");
    press("enrol");
    byte[] seed = seedOf(text("totp-secret"));
    chromium.viewport(375, 800, true);
    for (String page : List.of("/account/security/totp/", "/account/security/")) {
      open(page);
      assertFitsAndLabelled(page);
    }
    open("/account/security/totp/");
    confirmApp(appCode(seed));
    assertFitsAndLabelled("/account/security/recovery-codes/");
    press("logout");
    logIn(email);
    open("/login/mfa/?lang=fr");
    assertThat(browser.findElement(By.tagName("h1")).getText())
        .isEqualTo("Validation en deux étapes");
    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("fr");
    assertFitsAndLabelled("/login/mfa/");
    type("code", wrong(nextAppCode(seed)));
    press("verify");
    assertThat(text("code-error"))
        .isEqualTo(
            "Ce code n’est pas le bon. Saisissez le code que votre application affiche maintenant.");
    press("use-recovery");
    assertThat(text("mfa-intro")).startsWith("Saisissez l’un des codes de secours");
    assertFitsAndLabelled("/login/mfa/?method=recovery");
    chromium.defaultViewport();
  }

  private static void assertFitsAndLabelled(String page) {
    Number scroll = (Number) browser.executeScript("return document.documentElement.scrollWidth");
    assertThat(scroll.intValue()).as("no sideways scrolling on %s", page).isLessThanOrEqualTo(375);
    Object unlabelled =
        browser.executeScript(
            "return [...document.querySelectorAll('input:not([type=hidden])')]"
                + ".filter(i => i.labels.length === 0).map(i => i.name)");
    assertThat((List<?>) unlabelled).as("inputs without a label on %s", page).isEmpty();
  }
}
