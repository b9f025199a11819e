package dev.gatehouse.core.flows;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A flow test that runs on every store kind in a module whose flow tests otherwise run on the first
 * kind alone (its {@code pom.xml} sets {@value EnabledStores#FLOW_STORES} to {@code first}: the
 * module's own code reaches the database only through the store SPI, whose behaviour on every
 * database the store contract kit proves). What a server can still break there is a race between
 * requests: the outcome rests on the module's transactions (what they read before they write) under
 * each server's isolation, not on one store call.
 *
 * <p>Where each module's flow tests run: {@code docs/TESTING.md}, "Where Gatehouse's own tests
 * run".
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface EveryStore {
  /** {@return the race the test holds on every server} */
  String value();
}
