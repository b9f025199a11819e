package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks a client's secret against its keyed hash ({@link ProviderStore#CLIENT_SECRET}), in
 * constant time. A client's secret is a random 256-bit token, so a keyed hash is enough; a
 * password's slow hash would only slow every token request.
 */
final class ClientSecrets implements PasswordEncoder {
  private final ProviderStore store;

  ClientSecrets(ProviderStore store) {
    this.store = requireNonNull(store, "store");
  }

  @Override
  public String encode(@Nullable CharSequence rawPassword) {
    return store.hash(ProviderStore.CLIENT_SECRET, String.valueOf(rawPassword));
  }

  @Override
  public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
    return rawPassword != null
        && store.matches(ProviderStore.CLIENT_SECRET, rawPassword.toString(), encodedPassword);
  }
}
