package dev.gatehouse.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.Identifiers.Lookalikes;
import org.junit.jupiter.api.Test;

class LookalikesTest {
  private static final String CYRILLIC_O = "c\u043enfuse-x";

  @Test
  void aLocalPartMixingLatinAndCyrillicIsSuspiciousAndRefused() {
    assertThat(Lookalikes.isSuspicious(CYRILLIC_O)).isTrue();
    assertThatThrownBy(() -> Lookalikes.requireSingleScript(CYRILLIC_O, ErrorCode.INVALID_EMAIL))
        .isInstanceOfSatisfying(
            RejectedInputException.class, e -> assertThat(e.code()).isEqualTo("invalid_email"));
  }

  @Test
  void singleScriptNamesPass() {
    assertThat(Lookalikes.isSuspicious("confuse-x")).isFalse();
    assertThat(Lookalikes.isSuspicious("jos\u00e9.garc\u00eda+tag")).isFalse();
    assertThat(Lookalikes.isSuspicious("\u0438\u0432\u0430\u043d")).isFalse();
    assertThat(Lookalikes.isSuspicious("\u5c71\u7530")).isFalse();
  }

  @Test
  void anotherScriptThatReadsAsPlainAsciiIsSuspicious() {
    // All Cyrillic or all Greek, and read as cc, access, pop and opa.
    assertThat(Lookalikes.isSuspicious("\u0441\u0441")).isTrue();
    assertThat(Lookalikes.isSuspicious("\u0430\u0441\u0441\u0435\u0455\u0455-42")).isTrue();
    assertThat(Lookalikes.isSuspicious("\u0440\u043e\u0440")).isTrue();
    assertThat(Lookalikes.isSuspicious("\u03bf\u03c1\u03b1")).isTrue();
    // Latin letters beyond ASCII that read as ASCII are no other script's look-alike.
    assertThat(Lookalikes.isSuspicious("\u00e6sir")).isFalse();
    assertThat(Lookalikes.isSuspicious("\u0441\u043e\u043d\u044f")).as("соня").isFalse();
  }

  @Test
  void invisibleCharactersAreSuspicious() {
    assertThat(Lookalikes.isSuspicious("conf\u200buse")).isTrue();
  }

  @Test
  void lookAlikesShareASkeleton() {
    assertThat(Lookalikes.skeleton(CYRILLIC_O)).isEqualTo(Lookalikes.skeleton("confuse-x"));
    assertThat(Lookalikes.skeleton("Confuse-X")).isEqualTo(Lookalikes.skeleton("confuse-x"));
    assertThat(Lookalikes.skeleton("confuse-y")).isNotEqualTo(Lookalikes.skeleton("confuse-x"));
  }
}
