package dev.gatehouse.delivery;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with {@code {name}} placeholders, parsed once. Shared mechanism behind {@code
 * SmsTemplates} and {@code EmailTemplates}; not an API for hosts.
 *
 * <pre>{@code
 * Template t = Template.parse("{code} is your {app} code", Set.of("code", "app"), "text for login/en");
 * String s = t.render(Map.of("code", "123456", "app", "Acme"), UnaryOperator.identity());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Template {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)}");

  private final List<String> literals; // one more than names
  private final List<String> names;

  private Template(List<String> literals, List<String> names) {
    this.literals = literals;
    this.names = names;
  }

  /**
   * Parses a text; every {@code {lower_case_word}} is a placeholder, anything else is literal.
   *
   * @param text the text, not null
   * @return the parsed template
   */
  public static Template parse(String text) {
    requireNonNull(text, "text");
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

  /**
   * Parses a text that may use only the given placeholders.
   *
   * @param text the text, not null
   * @param known the placeholders the text may use
   * @param what names the text in the error message, e.g. {@code text for login/es}
   * @return the parsed template
   * @throws IllegalArgumentException naming {@code what}, the first unknown placeholder and the
   *     known ones
   */
  public static Template parse(String text, Set<String> known, String what) {
    requireNonNull(known, "known");
    Template template = parse(text);
    for (String name : template.placeholders()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            what + " uses unknown placeholder {" + name + "}; known: " + new TreeSet<>(known));
      }
    }
    return template;
  }

  /**
   * The placeholder names this template uses, in order of first use; unmodifiable.
   *
   * @return the placeholder names
   */
  public Set<String> placeholders() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(names));
  }

  /**
   * Replaces each placeholder by its value passed through {@code escape}.
   *
   * @param values placeholder name to raw value
   * @param escape applied to each value before it is inserted, e.g. HTML escaping
   * @return the rendered text
   * @throws IllegalArgumentException naming the first placeholder without a value
   */
  public String render(Map<String, String> values, UnaryOperator<String> escape) {
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
