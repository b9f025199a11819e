package dev.gatehouse.spring.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.testing.CapturingEmailSender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the browser tests of the modules' pages ({@link OrganizationPagesTest}, {@link
 * AdminPagesTest}) do as a person does: open, type, click and wait for the next page, read it; and
 * the accounts they start from, made through the library.
 */
final class ModulePagesBrowser {
  static final String PASSWORD = "correct horse battery staple";
  private static final AtomicInteger SEQ = new AtomicInteger(100);
  private static final Pattern LINK =
      Pattern.compile("https?://[^\\s\"<>]+\\?token=[A-Za-z0-9_-]+");
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  final ChromeDriver browser;
  final PagesHost app;
  final String base;

  ModulePagesBrowser(ChromeDriver browser, PagesHost app) {
    this.browser = browser;
    this.app = app;
    this.base = "http://127.0.0.1:" + app.port();
  }

  void open(String path) {
    browser.get(path.startsWith("http") ? path : base + path);
  }

  WebElement byId(String id) {
    return browser.findElement(By.id(id));
  }

  void type(String id, String text) {
    WebElement field = byId(id);
    field.clear();
    field.sendKeys(text);
  }

  /** Clicks what submits a form, and waits (no fixed sleep) for the next page to be loaded. */
  void press(String id) {
    press(byId(id));
  }

  /** Clicks the element, and waits for the next page to be loaded. */
  void press(WebElement target) {
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

  String text(String id) {
    return byId(id).getText();
  }

  String path() {
    return URI.create(browser.getCurrentUrl()).getPath();
  }

  /** Takes the CSRF tokens out of every form of the page: what a forged form from elsewhere has. */
  void dropCsrfTokens() {
    browser.executeScript(
        "document.querySelectorAll('input[name=_csrf]').forEach(e => e.remove())");
  }

  Gatehouse gatehouse() {
    return app.bean(Gatehouse.class);
  }

  static String newEmail(String what) {
    return what + "." + SEQ.incrementAndGet() + "@example.com";
  }

  /** The link of the last email to {@code address}, on the running app's address. */
  String emailedLink(String address) {
    Matcher m =
        LINK.matcher(app.bean(CapturingEmailSender.class).lastTo(address).orElseThrow().textBody());
    assertThat(m.find()).as("a link in the email").isTrue();
    URI link = URI.create(m.group());
    return base + link.getRawPath() + "?" + link.getRawQuery();
  }

  /** A confirmed account with {@link #PASSWORD}, made through the library; its public id. */
  UUID confirmedAccount(String email) {
    gatehouse()
        .accounts()
        .register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
    String link = emailedLink(email);
    gatehouse().accounts().confirmEmail(link.substring(link.indexOf("token=") + 6));
    return gatehouse().accounts().findByEmail(email).orElseThrow().id();
  }

  /** Sets the account's staff and superuser flags in the store, as an operator does. */
  void makeStaff(UUID user, boolean superuser) {
    AuthStore store = app.bean(AuthStore.class);
    store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(user).orElseThrow().toBuilder()
                        .staff(true)
                        .superuser(superuser)
                        .build()));
  }

  void logIn(String email) {
    browser.manage().deleteAllCookies();
    open("/login/");
    type("identifier", email);
    type("password", PASSWORD);
    press("submit");
  }

  /** This browser's session cookie, as a {@code Cookie} header. */
  String cookieHeader() {
    return PagesHost.SESSION_COOKIE
        + "="
        + browser.manage().getCookieNamed(PagesHost.SESSION_COOKIE).getValue();
  }

  /** The CSRF token of the page this browser shows. */
  String csrfToken() {
    Matcher m = CSRF.matcher(browser.getPageSource());
    assertThat(m.find()).as("a CSRF token in the page").isTrue();
    return m.group(1);
  }

  HttpResponse<String> get(String path, String cookie) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String form, String cookie) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Cookie", cookie)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
