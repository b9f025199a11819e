package dev.gatehouse.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The counter catalogue: keys that cannot meet, built nowhere else. */
class CountersTest {

  @Test
  void noKeyOfOneCounterCanBeAKeyOfAnother() {
    for (Counters a : Counters.values()) {
      for (Counters b : Counters.values()) {
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
    assertThat(OneTimeMarker.of(Counters.SOCIAL_STATE, Duration.ofMinutes(1), "h").key())
        .isEqualTo("social-state:h");
    assertThatThrownBy(() -> CounterLock.of(Counters.LOGIN_ACCOUNT, "u"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OneTimeMarker.of(Counters.REGISTRATION, Duration.ofMinutes(1), "h"))
        .isInstanceOf(IllegalArgumentException.class);
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
        for (Counters c : Counters.values()) {
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
}
