package dev.gatehouse.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.delivery.TemplateCatalog.Template;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TemplateTest {

  @Test
  void placeholdersAreListedOnceInOrderOfFirstUse() {
    assertThat(Template.parse("{b} {a} {b} {Not} {x-y}").placeholders()).containsExactly("b", "a");
  }

  @Test
  void valuesAreEscapedButLiteralsAreNot() {
    String out =
        Template.parse("<p>{v}</p>{v}").render(Map.of("v", "<b>"), v -> v.replace("<", "&lt;"));

    assertThat(out).isEqualTo("<p>&lt;b></p>&lt;b>");
  }

  @Test
  void aMissingValueIsNamed() {
    assertThatThrownBy(
            () -> Template.parse("{a}{b}").render(Map.of("a", "1"), UnaryOperator.identity()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no value for placeholder {b}");
  }

  @Test
  void anUnknownPlaceholderIsRejectedNamingTheTextAndTheKnownOnes() {
    assertThatThrownBy(
            () -> Template.parse("{code} {cdoe}", Set.of("code", "app"), "text for x/en"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text for x/en uses unknown placeholder {cdoe}; known: [app, code]");
  }
}
