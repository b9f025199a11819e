package dev.gatehouse.core;

import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.store.AuthStore;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds the {@code path} tag to every observed sign-in and refresh, whichever service starts it: how
 * the store runs their statements on the host's tables ({@link AuthStore#statementPath}). Every
 * other call goes to the observer unchanged: a method added to {@link GatehouseObserver} must be
 * forwarded here too.
 */
record PathTaggingObserver(GatehouseObserver observer, AuthStore store)
    implements GatehouseObserver {

  /** {@code observer} tagging through {@code store}; none stays none (nothing to tag for). */
  static GatehouseObserver of(GatehouseObserver observer, AuthStore store) {
    return observer == GatehouseObserver.none()
        ? observer
        : new PathTaggingObserver(observer, store);
  }

  @Override
  public void passwordHashed(Duration permitWait, Duration computation) {
    observer.passwordHashed(permitWait, computation);
  }

  @Override
  public void deliveryAttempted(DeliveryAttempt attempt) {
    observer.deliveryAttempted(attempt);
  }

  @Override
  public void codeSent(String channel, String purpose, String provider) {
    observer.codeSent(channel, purpose, provider);
  }

  @Override
  public ObservedOperation start(String name, Map<String, String> tags) {
    if (!name.equals(ObservedOperation.SIGN_IN) && !name.equals(ObservedOperation.REFRESH)) {
      return observer.start(name, tags);
    }
    Map<String, String> all = new LinkedHashMap<>(tags);
    all.put("path", store.statementPath(name));
    return observer.start(name, Collections.unmodifiableMap(all));
  }
}
