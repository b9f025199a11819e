package dev.gatehouse.spring.pages;

import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.Map;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * What the browser classes of the modules' pages ({@link OrganizationPagesTest}, {@link
 * AdminPagesTest}) share beyond {@link BrowserPagesTestBase}: one host per database with the
 * organisations' tables (as a host with {@code auth-organizations} includes them) and the cut-over
 * by cohort installed ({@link PagesHost.CohortsInstalled}), walked through {@link
 * ModulePagesBrowser}. Each class declares its own {@code @Parameter DatabaseKind} with its
 * {@code @OneDatabase} reason.
 */
abstract class ModulePagesTestBase extends BrowserPagesTestBase {
  static ModulePagesBrowser b;

  @BeforeParameterizedClassInvocation
  static void startModulesHost(DatabaseKind kind) {
    app =
        PagesHost.start(
            kind,
            Map.of(
                "spring.liquibase.change-log", "classpath:db/changelog/pages-host-changelog.xml"),
            PagesHost.TestClock.class,
            PagesHost.CapturedEmail.class,
            PagesHost.CohortsInstalled.class);
    b = new ModulePagesBrowser(browser, app);
  }
}
