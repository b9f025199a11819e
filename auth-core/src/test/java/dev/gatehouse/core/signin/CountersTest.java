package dev.gatehouse.core.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.internal.CounterLock;
import dev.gatehouse.core.internal.OneTimeMarker;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The counter catalogue: keys that cannot meet, built nowhere else. */
class CountersTest {

  @Test
  void noKeyOfOneCounterCanBeAKeyOfAnother() {
    for (Counters a : Counters.core()) {
      for (Counters b : Counters.core()) {
        if (a != b) {
          // Parts never hold ':' (ids, hashes, codes, digits), so only a nested prefix could meet.
          assertThat(b.prefix() + ":")
              .as("%s inside %s", b, a)
              .doesNotStartWith(a.prefix() + ":")
              .isNotEqualTo(a.prefix() + ":");
        }
      }
    }
  }

  @Test
  void aLockOrAMarkerIsMadeOnlyOfACounterOfThatUse() {
    assertThat(CounterLock.of(Counters.BOOTSTRAP).key()).isEqualTo("admin:bootstrap");
    assertThat(OneTimeMarker.of(Counters.OTP_COOLDOWN, Duration.ofMinutes(1), "h").key())
        .isEqualTo("otp:cooldown:h");
    assertThatThrownBy(() -> CounterLock.of(Counters.LOGIN_ACCOUNT, "u"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OneTimeMarker.of(Counters.REGISTRATION, Duration.ofMinutes(1), "h"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aModulesCounterIsMadeLikeTheCoresAndItsLimitCountsItsKeys() {
    Counters limit =
        Counters.limit(
            "counters-test:ip", ThrottleSettings.OTP_MAX_PER_IP, Duration.ofHours(1), null);
    Counters marker = Counters.marker("counters-test:once");
    Counters lock = Counters.lock("counters-test:lock");
    assertThat(List.of(limit.use(), marker.use(), lock.use()))
        .containsExactly(Counters.Use.LIMIT, Counters.Use.MARKER, Counters.Use.LOCK);
    assertThat(limit.settings()).containsExactly(ThrottleSettings.OTP_MAX_PER_IP);
    assertThat(Counters.LOGIN_ACCOUNT.settings())
        .containsExactly(
            ThrottleSettings.LOGIN_MAX_FAILURES,
            ThrottleSettings.LOGIN_FAILURE_WINDOW,
            ThrottleSettings.LOCKOUT_DURATION);
    assertThat(marker.settings()).isEmpty();
    var store = new dev.gatehouse.testing.InMemoryAuthStore();
    java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
    List<dev.gatehouse.core.store.CounterStore.CounterState> counted =
        store.inTransaction(
            tx -> Counters.countAll(tx, List.of(limit.key("n")), Duration.ofHours(1), now));
    assertThat(counted).hasSize(1);
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> Counters.countAll(tx, List.of(lock.key("n")), Duration.ofHours(1), now)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPrefixOfTheWrongShapeOrANonPositiveWindowIsRefused() {
    for (String prefix : List.of("", "Login", "a b", "a::b", ":a", "a:", "1a", "a".repeat(65))) {
      assertThatThrownBy(() -> Counters.marker(prefix))
          .as(prefix)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(
            () ->
                Counters.limit(
                    "counters-test:zero", ThrottleSettings.OTP_MAX_PER_IP, Duration.ZERO, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counters-test:zero");
  }

  @Test
  void keysArePrefixAndParts() {
    assertThat(Counters.LOGIN_ACCOUNT.key("u-1")).isEqualTo("login:user:u-1");
    assertThat(Counters.OTP_COOLDOWN.key("sms", "login", "h"))
        .isEqualTo("otp:cooldown:sms:login:h");
    assertThat(Counters.BOOTSTRAP.key()).isEqualTo("admin:bootstrap");
  }

  /**
   * No main source builds a counter key by concatenating one of the catalogue's prefixes: a key
   * built elsewhere would be a second, silent definition of a counter.
   */
  @Test
  void noMainSourceBuildsACounterKeyOutsideTheCatalogue() throws IOException {
    Path main = Path.of("src", "main", "java");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        if (f.endsWith("Counters.java")) {
          continue;
        }
        String source = Files.readString(f);
        for (Counters c : Counters.core()) {
          // A literal that starts a key ("login:user:" + id), or a whole key of one part
          // ("admin:bootstrap"); a bare word such as a hash purpose is no key.
          String literal =
              c.prefix().contains(":")
                  ? "\"" + Pattern.quote(c.prefix()) + "(:[^\"]*)?\""
                  : "\"" + Pattern.quote(c.prefix()) + ":[^\"]*\"";
          if (Pattern.compile(literal).matcher(source).find()) {
            found.add(f + ": " + c.prefix());
          }
        }
      }
    }
    assertThat(found).isEmpty();
  }

  /**
   * Every limit is counted through the catalogue: outside it (and the stores that implement the
   * counter SPI) no main source increments, locks, gives back or settles a counter row itself. What
   * is left are the one-time markers, the counter locks, a code's attempts reset and the counting
   * transactions' row preparation, which count no limit.
   */
  @Test
  void noMainSourceCountsALimitOutsideTheCatalogue() throws IOException {
    Path main = Path.of("src", "main", "java");
    Pattern counting =
        Pattern.compile(
            "counters\\(\\)\\s*\\.(increment|incrementAll|lock|decrement|decrementAndClear)\\(");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String file = f.getFileName().toString();
        if (file.equals("Counters.java")
            || file.equals("OneTimeMarker.java")
            || file.equals("CounterLock.java")
            || f.toString().contains("store")) {
          continue;
        }
        if (counting.matcher(Files.readString(f)).find()) {
          found.add(f.toString());
        }
      }
    }
    assertThat(found).isEmpty();
  }

  @Test
  void aKeyNoLimitOfTheCatalogueMadeIsRefusedBeforeAnythingIsCounted() {
    var store = new dev.gatehouse.testing.InMemoryAuthStore();
    java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
    for (String key : List.of("made:up:1", Counters.BOOTSTRAP.key(), "login")) {
      assertThatThrownBy(
              () ->
                  store.inTransaction(
                      tx ->
                          Counters.countAll(
                              tx, List.of(key), java.time.Duration.ofMinutes(1), now)))
          .isInstanceOf(IllegalArgumentException.class);
    }
    java.util.Optional<dev.gatehouse.core.store.CounterStore.CounterState> left =
        store.inTransaction(tx -> tx.counters().find("made:up:1"));
    assertThat(left).isEmpty();
  }

  @Test
  void everyLimitDeclaresItsMaximumAndWindowAndNothingElseDoes() {
    GatehouseConfig defaults = GatehouseConfig.builder().build();
    for (Counters c : Counters.core()) {
      if (c.use() == Counters.Use.LIMIT) {
        assertThat(c.max(defaults)).as("%s maximum", c).isPositive();
        assertThat(c.window(defaults)).as("%s window", c).isPositive();
        assertThat(GatehouseConfig.settings()).as("%s setting", c).containsValue(c.maxSetting());
      } else {
        assertThatThrownBy(() -> c.max(defaults)).isInstanceOf(IllegalStateException.class);
      }
    }
    assertThat(Counters.LOGIN_ACCOUNT.lockout(defaults))
        .contains(defaults.get(ThrottleSettings.LOCKOUT_DURATION));
    assertThat(Counters.OTP_NETWORK.lockout(defaults)).isEmpty();
  }

  /**
   * A limit's maximum is read through the catalogue only: no main source outside it names the
   * setting of a counter limit's maximum (one way per limit). The one exception is a code's own
   * cap, stored on the code's row when it is issued, which shares {@code otp.max-attempts}.
   */
  @Test
  void noMainSourceReadsALimitsSettingOutsideTheCatalogue() throws Exception {
    // Each limit's setting as a source names it: its settings class and its constant.
    Set<String> names = new TreeSet<>();
    Set<String> declaringFiles = new TreeSet<>();
    for (Class<?> owner : settingsClasses()) {
      for (Field f : owner.getFields()) {
        Object value = f.get(null);
        for (Counters c : Counters.core()) {
          if (c.use() == Counters.Use.LIMIT && value == c.maxSetting()) {
            names.add(owner.getSimpleName() + "." + f.getName());
            declaringFiles.add(owner.getSimpleName() + ".java");
          }
        }
      }
    }
    assertThat(names)
        .contains("ThrottleSettings.OTP_MAX_PER_IP", "ThrottleSettings.LOGIN_MAX_FAILURES");
    Path main = Path.of("src", "main", "java");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String file = f.getFileName().toString();
        if (file.equals("Counters.java")
            || declaringFiles.contains(file)
            || file.equals("CombinationChecks.java")) {
          continue;
        }
        String source = Files.readString(f);
        for (String name : names) {
          if (Pattern.compile(Pattern.quote(name) + "\\b(?!\\})").matcher(source).find()
              // A stored code's own cap of wrong guesses, written into its row where it is issued.
              && !(Set.of("OtpIssuer.java", "MagicLinkTokens.java").contains(file)
                  && name.equals("OtpSettings.OTP_MAX_ATTEMPTS"))) {
            found.add(f + ": " + name);
          }
        }
      }
    }
    assertThat(found).isEmpty();
  }

  /**
   * {@code GatehouseConfig} and the settings class of every concern, from the package's sources.
   */
  private static List<Class<?>> settingsClasses() throws Exception {
    List<Class<?>> classes = new ArrayList<>();
    Path config = Path.of("src", "main", "java", "dev", "gatehouse", "core", "config");
    try (Stream<Path> files = Files.list(config)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String file = f.getFileName().toString();
        if (file.equals("GatehouseConfig.java") || file.endsWith("Settings.java")) {
          classes.add(
              Class.forName(
                  GatehouseConfig.class.getPackageName() + "." + file.replace(".java", "")));
        }
      }
    }
    assertThat(classes).hasSizeGreaterThan(1);
    return classes;
  }
}
