package dev.gatehouse.spring.pages;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver (packages {@code chromium} and {@code
 * chromium-driver}; {@code .ci/run} installs them). One browser per test JVM ({@link
 * BrowserPagesTestBase}), with a fresh profile, and no cookie nor cached answer from one class in
 * the next ({@link #forgetSites()}). A missing browser fails the tests when {@code
 * GATEHOUSE_TEST_REQUIRE_BROWSER} or {@code GATEHOUSE_REQUIRE_DBS} is {@code true} (CI), and skips
 * them with the reason otherwise.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final Path CHROMIUM =
      Path.of(System.getProperty("gatehouse.test.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("gatehouse.test.chromedriver", "/usr/bin/chromedriver"));

  private final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  private static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("GATEHOUSE_TEST_REQUIRE_BROWSER"))
        || "true".equalsIgnoreCase(System.getenv("GATEHOUSE_REQUIRE_DBS"));
  }

  static HeadlessChromium start() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String reason =
          "headless Chromium is missing ("
              + CHROMIUM
              + ", "
              + CHROMEDRIVER
              + "): apt-get install chromium chromium-driver";
      if (required()) {
        fail(reason);
      }
      Assumptions.abort(reason);
    }
    try {
      Path profile = Files.createTempDirectory("gatehouse-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      // Without the background-networking flags, Chromium's own connections (updates, sync,
      // field trials) are refused en masse on machines without outside access.
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--lang=en-US",
          "--user-data-dir=" + profile);
      options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      // Counted by .ci/test-times.sh (issue 57: what a run starts).
      System.out.println("gatehouse-test-start: browser headless chromium");
      driver.manage().window().setSize(new Dimension(1280, 900));
      return new HeadlessChromium(driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  /**
   * Drops every site's cookies and the HTTP cache, as a new profile has none; a class's hosts start
   * on new ports, so no site's storage is theirs.
   */
  void forgetSites() {
    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
  }

  /** Lays the page out as a phone or a desktop of this many CSS pixels does. */
  void viewport(int width, int height, boolean mobile) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
  }

  void defaultViewport() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /** Saves what the page shows now, for a reviewer: {@code target/screenshots/<name>.png}. */
  void screenshot(String name) {
    save(Path.of("target", "screenshots"), name, driver.getScreenshotAs(OutputType.BYTES));
  }

  /**
   * When {@code -D}{@value #KEEP}{@code =true} is given, makes the picture of the page the
   * repository keeps, {@code docs/screenshots/<name>.png} (run from the module's directory, as
   * Surefire does); it is always saved in {@code target/screenshots/} too.
   */
  void keep(String name) {
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    save(Path.of("target", "screenshots"), name, png);
    if (Boolean.getBoolean(KEEP)) {
      save(Path.of("..", "docs", "screenshots"), name, png);
    }
  }

  /** The system property that regenerates the screenshots kept in {@code docs/screenshots/}. */
  static final String KEEP = "gatehouse.test.keep-screenshots";

  private static void save(Path dir, String name, byte[] png) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png"), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A leftover temporary profile is harmless.
      }
    }
  }
}
