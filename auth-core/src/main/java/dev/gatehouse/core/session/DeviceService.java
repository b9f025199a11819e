package dev.gatehouse.core.session;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.internal.GatehouseContext;

/** Obtained from {@code Gatehouse}; thread-safe. (Flows are being added.) */
public final class DeviceService {
  private final GatehouseContext ctx;

  /**
   * @param ctx the shared wiring (internal)
   */
  public DeviceService(GatehouseContext ctx) {
    this.ctx = requireNonNull(ctx, "ctx");
  }
}
