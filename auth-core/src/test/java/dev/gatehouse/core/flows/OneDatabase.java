package dev.gatehouse.core.flows;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A flow test class whose tests prove rules of the flow that no database's own behaviour can break
 * (no race between requests, lock, isolation level, dialect SQL or statement count): a module that
 * runs the flow tests on several databases ({@link TestStores#kinds()}) runs this class on the
 * first of them only (auth-jpa: H2). The store calls the flow makes are the store contract's, which
 * every database passes; what can break per database stays on every database, unmarked. The rule,
 * and the decision for each class: {@code docs/TESTING.md}, "Where each test runs".
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OneDatabase {
  /** {@return why no database can break what the class proves} */
  String value();
}
