package dev.gatehouse.spring.pages;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What every browser class of this module shares ({@link SignInPagesTest}, {@link
 * SecondFactorPagesTest}, {@link SocialSignInPagesTest}, and through {@link ModulePagesTestBase}
 * {@link OrganizationPagesTest} and {@link AdminPagesTest}, and {@link
 * OrganizationSignInPagesTest}): one headless Chromium for the whole test JVM (started by the first
 * class, quit when the run ends; each class starts with no site's cookies nor cached answers), the
 * class's host (its own database, closed after each database's invocation), and at each test's
 * start a browser on the host's origin without cookies and at the default size; each test leaves a
 * screenshot of its last page in {@code target/screenshots/}.
 *
 * <p>One browser serves every class, as it would serve one person visiting several sites: each host
 * runs on its own port (its own origin, so its own storage), and every host's cookies are deleted
 * before each test (all hosts are on {@code 127.0.0.1}, and cookies do not tell ports apart).
 *
 * <p>A subclass starts its host in its own {@code @BeforeParameterizedClassInvocation} method
 * (named otherwise than this class's methods, which it would hide) and assigns it to {@link #app}.
 */
abstract class BrowserPagesTestBase {
  static HeadlessChromium chromium;
  static ChromeDriver browser;

  /** The JVM's one browser, from the run's root store, which quits it when the run ends. */
  @RegisterExtension
  static final BeforeAllCallback SHARED_BROWSER =
      context -> {
        ExtensionContext.Store root = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        chromium =
            root.getOrComputeIfAbsent(
                HeadlessChromium.class, k -> HeadlessChromium.start(), HeadlessChromium.class);
        browser = chromium.driver();
        chromium.forgetSites();
      };

  /** The class's host for the current database; set by the subclass, closed here. */
  static PagesHost app;

  /** {@return the host's address, {@code http://127.0.0.1:PORT}} */
  static String base() {
    return "http://127.0.0.1:" + app.port();
  }

  @AfterParameterizedClassInvocation
  static void stopHost() {
    if (app != null) {
      app.close();
      app = null;
    }
  }

  @BeforeEach
  void freshBrowser() {
    chromium.defaultViewport();
    browser.get(base() + "/assets/pages.css");
    browser.manage().deleteAllCookies();
  }

  @AfterEach
  void screenshot(TestInfo test) {
    chromium.screenshot(
        getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName());
  }
}
