package dev.gatehouse.core.session.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.session.DeviceService;
import dev.gatehouse.core.session.DeviceService.DeviceInfo;
import dev.gatehouse.core.session.DeviceService.DeviceView;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.DeviceStore.DeviceRecord;
import dev.gatehouse.core.store.SessionStore.RevokeFilter;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The {@link DeviceService} the facade builds. Internal: not API. */
public final class DefaultDeviceService implements DeviceService {
  private final Clock clock;
  private final AuthStore store;
  private final SecurityEvents events;
  private final SessionEnds ends;

  /** Built by the facade's wiring. */
  public DefaultDeviceService(
      Clock clock, AuthStore store, SecurityEvents events, SessionEnds ends) {
    this.clock = clock;
    this.store = store;
    this.events = events;
    this.ends = ends;
  }

  @Override
  public List<DeviceView> list(UUID userPublicId) {
    requireNonNull(userPublicId, "userPublicId");
    return store.inTransaction(
        tx -> tx.devices().list(userPublicId).stream().map(Views::device).toList());
  }

  @Override
  public void remove(UUID userPublicId, long deviceId) {
    requireNonNull(userPublicId, "userPublicId");
    Instant now = clock.instant();
    int revoked =
        store.inTransaction(
            tx -> {
              int n =
                  ends.some(
                      tx,
                      userPublicId,
                      new RevokeFilter(null, deviceId, null),
                      now,
                      "device_removed");
              if (!tx.devices().delete(userPublicId, deviceId)) {
                // Rolls back the revocation too: nothing changes.
                throw new NotFoundException(ErrorCode.DEVICE_NOT_FOUND);
              }
              return n;
            });
    if (revoked > 0) {
      events.publish(new AuthEvent.SessionRevoked(now, userPublicId, null, "device_removed"));
    }
  }

  /** Upserts the device a mobile session starts on, by (user, installation token). */
  static long upsert(StoreTransaction tx, UUID userPublicId, DeviceInfo info, Instant now) {
    requireDevice(info);
    return tx.devices()
        .upsert(
            new DeviceRecord(
                null,
                userPublicId,
                info.token(),
                info.platform(),
                info.name(),
                info.notificationToken(),
                now,
                now))
        .id();
  }

  private static void requireDevice(DeviceInfo info) {
    if (info.token() == null
        || info.token().isBlank()
        || info.token().length() > 255
        || (info.platform() != null && info.platform().length() > 32)
        || (info.name() != null && info.name().length() > 255)
        || (info.notificationToken() != null && info.notificationToken().length() > 500)) {
      throw new RejectedInputException(
          ErrorCode.INVALID_DEVICE,
          "device needs a token of at most 255 characters; platform at most 32, name at most 255,"
              + " notification token at most 500");
    }
  }
}
