package dev.gatehouse.core.account;

import dev.gatehouse.core.session.ClientInfo;
import org.jspecify.annotations.Nullable;

/**
 * A password login as {@link AccountService#login} receives it. Immutable; {@link #toString()}
 * never shows the identifier or the password.
 *
 * @param identifier an email, username or phone as typed (which kinds are accepted is configured)
 * @param password the password as typed
 * @param client who is calling (its IP feeds the per-IP limit); {@code null} means {@link
 *     ClientInfo#web()}
 */
public record LoginRequest(String identifier, String password, @Nullable ClientInfo client) {

  /**
   * @param identifier the identifier as typed
   * @param password the password as typed
   * @return a request from a web client with no IP
   */
  public static LoginRequest of(String identifier, String password) {
    return new LoginRequest(identifier, password, ClientInfo.web());
  }

  @Override
  public String toString() {
    return "LoginRequest[client=" + (client == null ? null : client.client()) + "]";
  }
}
