package dev.gatehouse.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.email.EmailRenderer;
import dev.gatehouse.email.EmailRenderer.EmailContent;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders Gatehouse's emails with Thymeleaf templates from the classpath, falling back to another
 * renderer (the built-in {@code EmailTemplates}) for a part it has no template for.
 *
 * <p>For a purpose such as {@code password_reset} it looks, under the prefix (default {@value
 * #DEFAULT_PREFIX}), for {@code password_reset.subject.txt} and {@code password_reset.txt} (text
 * mode) and {@code password_reset.html} (HTML mode, where Thymeleaf escapes every value). Each
 * template gets the placeholder values as variables ({@code app}, {@code minutes}, and {@code link}
 * or {@code code}) and the recipient's locale, so {@code #{...}} messages come from {@code
 * password_reset.properties}, {@code password_reset_de.properties}, ... beside the template. The
 * starter ships templates for the two link emails ({@code email_confirmation}, {@code
 * password_reset}) whose HTML has a clickable link; a host overrides one by putting a file of the
 * same name earlier on the classpath (its own {@code src/main/resources}) or points the prefix
 * elsewhere with {@code gatehouse.templates.email-prefix}.
 *
 * <p>Thread-safe: the engine caches parsed templates.
 */
public final class ThymeleafEmailRenderer implements EmailRenderer {
  /** Where the templates are looked up on the classpath by default. */
  public static final String DEFAULT_PREFIX = "templates/gatehouse/email/";

  private final TemplateEngine engine;
  private final ClassLoader loader;
  private final String prefix;
  private final EmailRenderer fallback;

  /**
   * @param prefix classpath folder of the templates, ending in {@code /}
   * @param fallback renders what has no template here
   * @param loader where the templates are looked up
   * @throws NullPointerException when an argument is null
   */
  public ThymeleafEmailRenderer(String prefix, EmailRenderer fallback, ClassLoader loader) {
    this.prefix = requireNonNull(prefix, "prefix").endsWith("/") ? prefix : prefix + "/";
    this.fallback = requireNonNull(fallback, "fallback");
    this.loader = requireNonNull(loader, "loader");
    this.engine = newEngine();
    engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 1));
    engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 2));
  }

  /**
   * Spring's engine (SpEL expressions) when thymeleaf-spring6 is present, as it is with Spring
   * Boot's Thymeleaf starter, which does not bring OGNL, the expression language of the plain
   * engine; the plain engine otherwise. Without a message source, both read the messages beside the
   * templates.
   */
  private static TemplateEngine newEngine() {
    try {
      Class<?> spring =
          Class.forName(
              "org.thymeleaf.spring6.SpringTemplateEngine",
              true,
              ThymeleafEmailRenderer.class.getClassLoader());
      return (TemplateEngine) spring.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError notThere) {
      return new TemplateEngine();
    }
  }

  private ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
    ClassLoaderTemplateResolver r = new ClassLoaderTemplateResolver(loader);
    r.setPrefix(prefix);
    r.setTemplateMode(mode);
    r.setCharacterEncoding("UTF-8");
    r.setOrder(order);
    // Each resolver answers only for its own kind of file, so a missing .html falls through.
    r.setResolvablePatterns(Set.of("*" + suffix));
    r.setCheckExistence(true);
    r.setCacheable(true);
    return r;
  }

  @Override
  public EmailContent render(String purpose, Locale locale, Map<String, String> values) {
    requireNonNull(purpose, "purpose");
    boolean html = exists(purpose + ".html");
    boolean text = exists(purpose + ".txt");
    boolean subject = exists(purpose + ".subject.txt");
    if (!html && !text && !subject) {
      return fallback.render(purpose, locale, values);
    }
    EmailContent base = html && text && subject ? null : fallback.render(purpose, locale, values);
    Context context = new Context(locale, Map.copyOf(values));
    return new EmailContent(
        subject ? oneLine(engine.process(purpose + ".subject.txt", context)) : base.subject(),
        text ? engine.process(purpose + ".txt", context) : base.textBody(),
        html ? engine.process(purpose + ".html", context) : base.htmlBody());
  }

  private boolean exists(String name) {
    return loader.getResource(prefix + name) != null;
  }

  // A subject is one header line: a value with a line break must not start another header.
  private static String oneLine(String s) {
    return s.strip().replaceAll("[\\r\\n]+", " ");
  }

  @Override
  public String toString() {
    return "ThymeleafEmailRenderer[" + prefix + "]";
  }
}
