package dev.gatehouse.core.token;

import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenCustomizer.CustomClaims;

/** The customizer that adds nothing; one instance, so issuing can skip reading the user. */
enum NoCustomClaims implements AccessTokenCustomizer {
  INSTANCE;

  @Override
  public void customize(UserRecord user, CustomClaims claims) {}
}
