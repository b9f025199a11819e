package dev.gatehouse.spring.authorizationserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Two relying parties nobody here wrote sign in through the provider over HTTP: openid-client (npm,
 * OpenID-certified; {@code src/test/relying-parties/node}, installed with {@code npm ci} at its
 * pinned version) and Authlib (Debian's {@code python3-authlib}; {@code
 * src/test/relying-parties/authlib_rp.py}). Headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}) drives the pages: the authorization code with PKCE and a nonce, the ID token
 * checked by the relying party, userinfo, a refresh; then RP-initiated logout, and a session
 * revoked by Gatehouse, each ending the relying party's tokens. A missing browser, Node or Authlib
 * fails the tests when {@code GATEHOUSE_REQUIRE_DBS} or {@code GATEHOUSE_TEST_REQUIRE_BROWSER} is
 * {@code true} (CI), and skips them otherwise.
 */
class RelyingPartiesTest {
  private static final Path SOURCES = Path.of("src", "test", "relying-parties");
  private static ProviderHost host;

  private static ExtensionContext context;
  private static ChromeDriver browser;

  @RegisterExtension
  static final BeforeAllCallback HOST =
      c -> {
        host = ProviderHost.shared(c);
        context = c;
      };

  private static void need(boolean present, String what) {
    ProviderChromium.need(present, what);
  }

  /** The JVM's browser, without cookies; {@link #page} goes on in it. */
  private static ChromeDriver browser() {
    browser = ProviderChromium.shared(context);
    return browser;
  }

  /** {@return whether the command is there and succeeds} */
  private static boolean runs(String... command) throws InterruptedException {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException missing) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return free.getLocalPort();
    }
  }

  /** A relying party's process, its server up on {@code port}. */
  private static Process start(List<String> command, Path directory) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    StringBuilder seen = new StringBuilder();
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                      if (line.equals("listening")) {
                        return line;
                      }
                      seen.append(line).append('\n');
                    }
                    return seen.toString();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                })
            .get(60, TimeUnit.SECONDS);
    assertThat(first).as("the relying party's start").isEqualTo("listening");
    return process;
  }

  private static Map<String, Object> page(String url) throws Exception {
    browser.get(url);
    return shown(browser);
  }

  /** What the relying party answered, as JSON. */
  private static Map<String, Object> shown(ChromeDriver chrome) {
    String text = chrome.findElement(By.tagName("body")).getText();
    try {
      return JSONObjectUtils.parse(text);
    } catch (java.text.ParseException e) {
      throw new AssertionError(
          "not the relying party's JSON at " + chrome.getCurrentUrl() + ": " + text, e);
    }
  }

  /** Registers the relying party, then runs its flows through Chromium. */
  private static void signsInRefreshesLogsOutAndLosesItsTokensOnRevoke(
      String clientId, List<String> command, Path directory, int port) throws Exception {
    String rp = "http://127.0.0.1:" + port;
    host.clients()
        .register(
            new OpenIdClient(
                clientId,
                clientId,
                OpenIdClient.Kind.PUBLIC,
                true,
                List.of(rp + "/cb"),
                List.of(rp + "/bye"),
                Set.of("openid", "email", "profile")));
    String email = clientId + "@example.test";
    host.confirmedAccount(email);
    UUID userId = host.gatehouse().accounts().findByEmail(email).orElseThrow().id();
    List<String> full = new ArrayList<>(command);
    full.addAll(List.of(host.base(), clientId, String.valueOf(port)));
    Process process = start(full, directory);
    try {
      ChromeDriver chrome = browser();
      // Code with PKCE through the pages, the ID token, userinfo and a refresh.
      Map<String, Object> seen = signIn(chrome, rp, email);
      assertThat(seen)
          .containsEntry("sub", userId.toString())
          .containsEntry("email", email)
          .containsEntry("refreshed", true);
      // RP-initiated logout ends the Gatehouse session and what was issued through it.
      assertThat(page(rp + "/logout")).containsEntry("signed_out", true);
      assertThat(page(rp + "/tokens-alive"))
          .containsEntry("userinfo", 401L)
          .containsEntry("refresh", 400L);
      // Signed in again, then the session revoked in Gatehouse: the relying party's tokens end.
      signIn(chrome, rp, email);
      assertThat(page(rp + "/tokens-alive"))
          .containsEntry("userinfo", 200L)
          .containsEntry("refresh", 200L);
      signIn(chrome, rp, email);
      host.gatehouse().sessions().logoutAll(userId);
      assertThat(page(rp + "/tokens-alive"))
          .containsEntry("userinfo", 401L)
          .containsEntry("refresh", 400L);
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static Map<String, Object> signIn(ChromeDriver chrome, String rp, String email)
      throws Exception {
    chrome.manage().deleteAllCookies();
    return signInAt(chrome, rp + "/login", rp, email);
  }

  /**
   * Starts the relying party's sign-in at {@code start}, in the browser as it is, and fills in the
   * pages' login form, which must be shown: a provider that answered without it fails the wait.
   */
  private static Map<String, Object> signInAt(
      ChromeDriver chrome, String start, String rp, String email) throws Exception {
    chrome.get(start);
    new WebDriverWait(chrome, Duration.ofSeconds(20))
        .withMessage(() -> "the login form, at " + chrome.getCurrentUrl())
        .until(ExpectedConditions.presenceOfElementLocated(By.id("identifier")));
    chrome.findElement(By.id("identifier")).sendKeys(email);
    chrome.findElement(By.id("password")).sendKeys(ProviderHost.PASSWORD);
    chrome.findElement(By.id("submit")).click();
    new WebDriverWait(chrome, Duration.ofSeconds(20))
        .withMessage(() -> chrome.findElement(By.tagName("body")).getText())
        .until(ExpectedConditions.urlContains(rp + "/cb"));
    return shown(chrome);
  }

  @Test
  void authlibSignsInThroughTheProvider() throws Exception {
    need(
        new ProcessBuilder("/usr/bin/python3", "-c", "import authlib, requests").start().waitFor()
            == 0,
        "Authlib (apt-get install python3-authlib)");
    signsInRefreshesLogsOutAndLosesItsTokensOnRevoke(
        "authlib-rp",
        List.of("/usr/bin/python3", "authlib_rp.py"),
        SOURCES.toAbsolutePath(),
        freePort());
  }

  /** openid-client at its pinned version, installed once in the test's own directory. */
  private static synchronized Path openidClient() throws Exception {
    need(
        runs("node", "--version") && runs("npm", "--version"),
        "Node.js and npm (apt-get install nodejs npm)");
    Path directory = Path.of("target", "relying-parties", "node").toAbsolutePath();
    if (openidClientInstalled) {
      return directory;
    }
    Files.createDirectories(directory);
    for (String file : List.of("package.json", "package-lock.json", "rp.mjs")) {
      Files.copy(
          SOURCES.resolve("node").resolve(file),
          directory.resolve(file),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Process install =
        new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("npm-ci.log").toFile())
            .start();
    assertThat(install.waitFor(180, TimeUnit.SECONDS)).as("npm ci within 3 minutes").isTrue();
    assertThat(install.exitValue()).as("npm ci (see npm-ci.log)").isZero();
    openidClientInstalled = true;
    return directory;
  }

  private static boolean openidClientInstalled;

  @Test
  void openidClientSignsInThroughTheProvider() throws Exception {
    Path directory = openidClient();
    signsInRefreshesLogsOutAndLosesItsTokensOnRevoke(
        "openid-client-rp", List.of("node", "rp.mjs"), directory, freePort());
  }

  /**
   * Issue 97 findings 1 and 2, with openid-client: a silent renewal ({@code prompt=none}) from a
   * signed-out browser, and after a logout, is answered {@code login_required} at once (the client
   * checks the error response and its state), while a signed-in one renews without a page; {@code
   * prompt=login} and {@code max_age=0} show the pages' login form to a signed-in browser, and the
   * ID token's {@code auth_time} is the new sign-in's (openid-client requires and checks it against
   * the {@code max_age} it sent).
   */
  @Test
  void openidClientRenewsSilentlyAndIsSentToSignInAgainForPromptLoginAndMaxAge() throws Exception {
    Path directory = openidClient();
    String clientId = "openid-client-prompt";
    int port = freePort();
    String rp = "http://127.0.0.1:" + port;
    host.clients()
        .register(
            new OpenIdClient(
                clientId,
                clientId,
                OpenIdClient.Kind.PUBLIC,
                true,
                List.of(rp + "/cb"),
                List.of(rp + "/bye"),
                Set.of("openid", "email", "profile")));
    String email = clientId + "@example.test";
    host.confirmedAccount(email);
    String userId = host.gatehouse().accounts().findByEmail(email).orElseThrow().id().toString();
    Process process =
        start(List.of("node", "rp.mjs", host.base(), clientId, String.valueOf(port)), directory);
    try {
      ChromeDriver chrome = browser();
      chrome.manage().deleteAllCookies();
      assertThat(page(rp + "/login?prompt=none")).containsEntry("error", "login_required");

      Map<String, Object> first = signIn(chrome, rp, email);
      assertThat(first).containsEntry("sub", userId);
      long signedIn = ((Number) first.get("auth_time")).longValue();
      Map<String, Object> silent = page(rp + "/login?prompt=none");
      assertThat(silent).containsEntry("sub", userId).containsEntry("auth_time", signedIn);

      Map<String, Object> again = signInAt(chrome, rp + "/login?prompt=login", rp, email);
      assertThat(again).containsEntry("sub", userId);
      assertThat(((Number) again.get("auth_time")).longValue()).isGreaterThanOrEqualTo(signedIn);
      Map<String, Object> fresh = signInAt(chrome, rp + "/login?max_age=0", rp, email);
      assertThat(fresh).containsEntry("sub", userId);
      assertThat(((Number) fresh.get("auth_time")).longValue())
          .isGreaterThanOrEqualTo(((Number) again.get("auth_time")).longValue());

      assertThat(page(rp + "/logout")).containsEntry("signed_out", true);
      assertThat(page(rp + "/login?prompt=none")).containsEntry("error", "login_required");
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
