package dev.gatehouse.core.session;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.store.StoreTransaction;
import java.util.List;

/** Sessions and tokens. Obtained from {@code Gatehouse}; thread-safe. (Flows are being added.) */
public final class SessionService implements SessionStarter {
  private final GatehouseContext ctx;

  /**
   * @param ctx the shared wiring (internal)
   */
  public SessionService(GatehouseContext ctx) {
    this.ctx = requireNonNull(ctx, "ctx");
  }

  @Override
  public TokenPair start(
      StoreTransaction tx, AuthUserBase user, List<String> amr, ClientInfo client) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  @Override
  public int revokeAll(StoreTransaction tx, AuthUserBase user, String reason) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
