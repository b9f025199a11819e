package dev.gatehouse.spring.authorizationserver;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The provider's registered clients, managed from the host's code; the module's feature, from
 * {@code gatehouse.feature(OpenIdClients.class)}. Each call is one transaction of the store (the
 * host's, when it joins one). Thread-safe.
 *
 * <pre>{@code
 * OpenIdClients clients = gatehouse.feature(OpenIdClients.class);
 * String secret = clients.register(admin).secret(); // shown once, kept as a keyed hash
 * }</pre>
 */
public interface OpenIdClients {

  /**
   * Registers a client.
   *
   * @param client the client
   * @return the client and, for one that holds a secret, its new secret (kept as a keyed hash only)
   * @throws IllegalArgumentException when a client of that id is registered already
   */
  Registered register(OpenIdClient client);

  /**
   * Replaces a registered client's name, party, redirect URIs, logout URIs and scopes; its kind and
   * secret stay. What was issued to it stays valid until it expires or is revoked; a redirect URI
   * taken away refuses the codes issued for it at the token endpoint.
   *
   * @param client the client as it is to be, under its registered id
   * @return the client
   * @throws IllegalArgumentException when no client of that id is registered, or its kind differs
   */
  OpenIdClient change(OpenIdClient client);

  /**
   * Replaces a client's secret; the old one stops working at once.
   *
   * @param clientId the client's id
   * @return the new secret, shown once
   * @throws IllegalArgumentException when no such client holds a secret
   */
  String newSecret(String clientId);

  /**
   * Looks a client up.
   *
   * @param clientId the client's id
   * @return the client, or empty
   */
  Optional<OpenIdClient> find(String clientId);

  /** {@return every registered client, by id} */
  List<OpenIdClient> list();

  /**
   * Removes a client with its consents and everything issued to it: its tokens stop working.
   *
   * @param clientId the client's id
   * @return whether there was such a client
   */
  boolean remove(String clientId);

  /**
   * Deletes the authorizations whose every token expired before {@code now}, and the retired
   * refresh tokens kept for reuse detection, in batches of a transaction each (the starter's
   * cleanup runs it with Gatehouse's).
   *
   * @param now the time
   * @return how many rows were deleted
   */
  int cleanup(Instant now);

  /**
   * A registered client and its secret.
   *
   * @param client the client
   * @param secret its secret, shown this once, or {@code null} for a public client
   */
  record Registered(OpenIdClient client, @Nullable String secret) {
    @Override
    public String toString() {
      return "Registered[client=" + client + "]";
    }
  }
}
