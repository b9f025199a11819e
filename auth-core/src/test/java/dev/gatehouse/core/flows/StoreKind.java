package dev.gatehouse.core.flows;

/**
 * A kind of store the flow tests run on: {@code memory} here, {@code h2}, {@code postgresql} and
 * {@code mariadb} where auth-jpa runs the same tests.
 *
 * @param name the kind's name, shown in the test's name
 */
public record StoreKind(String name) {
  @Override
  public String toString() {
    return name;
  }
}
