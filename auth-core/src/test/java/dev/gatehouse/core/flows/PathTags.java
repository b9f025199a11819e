package dev.gatehouse.core.flows;

import dev.gatehouse.core.observe.GatehouseObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the tags of the last observed operation of each name, for a test to read the {@code path}
 * tag of sign-ins and refreshes; thread-safe.
 */
public final class PathTags implements GatehouseObserver {
  private final Map<String, Map<String, String>> last = new ConcurrentHashMap<>();

  @Override
  public ObservedOperation start(String name, Map<String, String> tags) {
    last.put(name, Map.copyOf(tags));
    return ObservedOperation.NONE;
  }

  /** {@return the tags the last operation named {@code name} started with; empty if none did} */
  public Map<String, String> of(String name) {
    return last.getOrDefault(name, Map.of());
  }

  /** {@return the {@code path} tags of the last sign-in and the last refresh, in that order} */
  public java.util.List<String> signInAndRefresh() {
    return java.util.Arrays.asList(
        of(ObservedOperation.SIGN_IN).get("path"), of(ObservedOperation.REFRESH).get("path"));
  }
}
