package dev.gatehouse.spring.boot.test;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * A user {@link GatehouseTestUsers} created: its public id, its email and the password it logs in
 * with. {@link #toString()} leaves the password out.
 *
 * @param id the public id (the access token's {@code sub})
 * @param email the email address as given
 * @param password the password as given
 */
public record TestUser(UUID id, String email, String password) {

  /**
   * Checks that nothing is null.
   *
   * @param id the public id
   * @param email the email address
   * @param password the password
   * @throws NullPointerException when a component is null
   */
  public TestUser {
    requireNonNull(id, "id");
    requireNonNull(email, "email");
    requireNonNull(password, "password");
  }

  /** {@return the id and email, never the password} */
  @Override
  public String toString() {
    return "TestUser[id=" + id + ", email=" + email + "]";
  }
}
