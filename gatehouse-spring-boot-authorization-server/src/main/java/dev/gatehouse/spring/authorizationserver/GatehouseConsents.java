package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.ModuleRows;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;

/**
 * The scopes a user consented to for a third-party client, in the module's table {@code
 * gh_op_consent}: one row per client and user, the scopes as words.
 */
final class GatehouseConsents implements OAuth2AuthorizationConsentService {
  private final ProviderStore store;

  GatehouseConsents(ProviderStore store) {
    this.store = requireNonNull(store, "store");
  }

  private static Map<String, Object> key(String clientId, String principal) {
    return Map.of("client_id", clientId, "principal", principal);
  }

  @Override
  public void save(OAuth2AuthorizationConsent consent) {
    requireNonNull(consent, "consent");
    String scopes = String.join(" ", consent.getScopes());
    Map<String, Object> key = key(consent.getRegisteredClientId(), consent.getPrincipalName());
    store.inTransaction(
        tx -> {
          ModuleRows rows = ProviderStore.rows(tx, ProviderStore.CONSENTS);
          if (rows.update(key, Map.of("scopes", scopes)) == 0) {
            rows.insert(
                Map.of(
                    "client_id",
                    consent.getRegisteredClientId(),
                    "principal",
                    consent.getPrincipalName(),
                    "scopes",
                    scopes));
          }
          return null;
        });
  }

  @Override
  public void remove(OAuth2AuthorizationConsent consent) {
    requireNonNull(consent, "consent");
    store.inTransaction(
        tx ->
            ProviderStore.rows(tx, ProviderStore.CONSENTS)
                .delete(key(consent.getRegisteredClientId(), consent.getPrincipalName())));
  }

  @Override
  public @Nullable OAuth2AuthorizationConsent findById(
      String registeredClientId, String principalName) {
    requireNonNull(registeredClientId, "registeredClientId");
    requireNonNull(principalName, "principalName");
    return store.inTransaction(
        tx ->
            ProviderStore.rows(tx, ProviderStore.CONSENTS)
                .find(key(registeredClientId, principalName))
                .stream()
                .findFirst()
                .map(
                    r -> {
                      OAuth2AuthorizationConsent.Builder b =
                          OAuth2AuthorizationConsent.withId(registeredClientId, principalName);
                      ProviderStore.words((String) r.get("scopes")).forEach(b::scope);
                      return b.build();
                    })
                .orElse(null));
  }
}
