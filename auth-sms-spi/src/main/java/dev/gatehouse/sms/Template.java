package dev.gatehouse.sms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with {@code {name}} placeholders, parsed once. Immutable and thread-safe.
 *
 * <p>The email SPI holds a twin of this class: the two SPI modules are deliberately independent.
 */
final class Template {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)}");

  private final List<String> literals; // one more than names
  private final List<String> names;

  private Template(List<String> literals, List<String> names) {
    this.literals = literals;
    this.names = names;
  }

  static Template parse(String text) {
    List<String> literals = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    int from = 0;
    while (m.find()) {
      literals.add(text.substring(from, m.start()));
      names.add(m.group(1));
      from = m.end();
    }
    literals.add(text.substring(from));
    return new Template(List.copyOf(literals), List.copyOf(names));
  }

  /** The placeholder names this template uses, in order of first use. */
  Set<String> placeholders() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(names));
  }

  /**
   * Replaces each placeholder by its value passed through {@code escape}.
   *
   * @throws IllegalArgumentException naming the first placeholder without a value
   */
  String render(Map<String, String> values, UnaryOperator<String> escape) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      out.append(literals.get(i));
      String value = values.get(names.get(i));
      if (value == null) {
        throw new IllegalArgumentException("no value for placeholder {" + names.get(i) + "}");
      }
      out.append(escape.apply(value));
    }
    return out.append(literals.get(names.size())).toString();
  }
}
