package dev.gatehouse.spring.authorizationserver;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The test JVM's one headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * with a fresh profile, shared by the classes that drive the pages ({@link RelyingPartiesTest},
 * {@link ClientPagesTest}) and quit when the run ends. A missing browser fails the tests when
 * {@code GATEHOUSE_REQUIRE_DBS} or {@code GATEHOUSE_TEST_REQUIRE_BROWSER} is {@code true} (CI), and
 * skips them otherwise.
 */
final class ProviderChromium implements AutoCloseable {
  final ChromeDriver driver;
  private final Path profile;

  private ProviderChromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("GATEHOUSE_TEST_REQUIRE_BROWSER"))
        || "true".equalsIgnoreCase(System.getenv("GATEHOUSE_REQUIRE_DBS"));
  }

  static void need(boolean present, String what) {
    if (!present) {
      if (required()) {
        fail(what + " is missing");
      }
      Assumptions.abort(what + " is missing");
    }
  }

  /** {@return the JVM's browser, without cookies} */
  static ChromeDriver shared(ExtensionContext context) {
    Path chromium = Path.of("/usr/bin/chromium");
    Path driver = Path.of("/usr/bin/chromedriver");
    need(
        Files.isExecutable(chromium) && Files.isExecutable(driver),
        "headless Chromium (apt-get install chromium chromium-driver)");
    ChromeDriver browser =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(
                ProviderChromium.class, k -> start(chromium, driver), ProviderChromium.class)
            .driver;
    browser.manage().deleteAllCookies();
    return browser;
  }

  private static ProviderChromium start(Path chromium, Path driver) {
    try {
      Path profile = Files.createTempDirectory("gatehouse-op-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(chromium.toFile());
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--user-data-dir=" + profile);
      return new ProviderChromium(
          new ChromeDriver(
              new ChromeDriverService.Builder()
                  .usingDriverExecutable(driver.toFile())
                  .usingAnyFreePort()
                  .build(),
              options),
          profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
