package dev.gatehouse.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class (or one test) whose tests prove rules that no database's own behaviour can break (no
 * race between requests, lock, isolation level, dialect SQL or statement count): it runs on the
 * first enabled database only (H2), where it would otherwise run on every one. {@link
 * TestDatabase.EnabledDatabases} honours it, and so do Gatehouse's own flow tests on their stores.
 * What can break per database stays on every database, unmarked.
 *
 * <pre>{@code
 * @OneDatabase("the HTTP rules of the login answer; the store calls are the contract's")
 * @ParameterizedClass
 * @ArgumentsSource(EnabledDatabases.class)
 * class LoginAnswerTest { ... }
 * }</pre>
 *
 * <p>The rule and Gatehouse's decision for each of its own classes: {@code docs/TESTING.md}, "Where
 * Gatehouse's own tests run".
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface OneDatabase {
  /** {@return why no database can break what the class or test proves} */
  String value();

  /** Reads the mark, for an {@code ArgumentsProvider} that supplies databases or stores. */
  final class Marks {
    private Marks() {}

    /**
     * {@return whether the test method or its class is marked {@link OneDatabase}}
     *
     * @param context the context the provider was given
     */
    public static boolean marked(ExtensionContext context) {
      return context
              .getTestMethod()
              .map(m -> m.isAnnotationPresent(OneDatabase.class))
              .orElse(false)
          || context
              .getTestClass()
              .map(c -> c.isAnnotationPresent(OneDatabase.class))
              .orElse(false);
    }
  }
}
