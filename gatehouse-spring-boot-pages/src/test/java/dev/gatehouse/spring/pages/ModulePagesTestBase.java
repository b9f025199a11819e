package dev.gatehouse.spring.pages;

import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * What the browser classes of the modules' pages ({@link OrganizationPagesTest}, {@link
 * AdminPagesTest}) share: one browser per class, one host per database with the organisations'
 * tables (as a host with {@code auth-organizations} includes them), a browser without cookies at
 * each test's start and a screenshot of its last page in {@code target/screenshots/}. Each class
 * declares its own {@code @Parameter DatabaseKind} with its {@code @OneDatabase} reason.
 */
abstract class ModulePagesTestBase {
  static HeadlessChromium chromium;
  static PagesHost app;
  static ModulePagesBrowser b;

  @BeforeAll
  static void startBrowser() {
    chromium = HeadlessChromium.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @BeforeParameterizedClassInvocation
  static void start(DatabaseKind kind) {
    app =
        PagesHost.start(
            kind,
            Map.of(
                "spring.liquibase.change-log", "classpath:db/changelog/pages-host-changelog.xml"),
            PagesHost.TestClock.class,
            PagesHost.CapturedEmail.class);
    b = new ModulePagesBrowser(chromium.driver(), app);
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @BeforeEach
  void freshBrowser() {
    b.open("/assets/pages.css");
    b.browser.manage().deleteAllCookies();
  }

  @AfterEach
  void screenshot(TestInfo test) {
    chromium.screenshot(
        getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName());
  }
}
