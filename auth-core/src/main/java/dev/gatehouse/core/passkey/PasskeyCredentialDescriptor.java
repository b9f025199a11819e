package dev.gatehouse.core.passkey;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A credential named in ceremony options ({@code excludeCredentials}, {@code allowCredentials}).
 *
 * @param id the credential id, base64url without padding
 * @param transports the transports the browser reported at registration (may be empty)
 */
public record PasskeyCredentialDescriptor(String id, List<String> transports) {
  /**
   * @param id the credential id
   * @param transports the transports
   */
  public PasskeyCredentialDescriptor {
    requireNonNull(id, "id");
    transports = List.copyOf(transports);
  }
}
