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
