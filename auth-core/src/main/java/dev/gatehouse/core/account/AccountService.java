package dev.gatehouse.core.account;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.session.SessionStarter;

/** Obtained from {@code Gatehouse}; thread-safe. (Flows are being added.) */
public final class AccountService {
  private final GatehouseContext ctx;
  private final SessionStarter sessions;

  /**
   * @param ctx the shared wiring (internal)
   * @param sessions starts and ends sessions inside this service's flows
   */
  public AccountService(GatehouseContext ctx, SessionStarter sessions) {
    this.ctx = requireNonNull(ctx, "ctx");
    this.sessions = requireNonNull(sessions, "sessions");
  }
}
