package dev.gatehouse.core.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether requests arrived from a proxy the host does not trust: from a loopback or private-network
 * peer, still carrying {@code X-Forwarded-For} or {@code Forwarded} when they reached Gatehouse (a
 * trusted proxy's headers are consumed by the servlet container or the framework, which then gives
 * the forwarded client's address). Every client behind such a proxy counts as the proxy's one
 * network for the per-network limits. The first such request logs one WARN, naming the setting to
 * change and no address; the health check reports it from then on. One per {@code Gatehouse};
 * thread-safe.
 */
public final class UntrustedForwarding {
  private static final Logger LOG = LoggerFactory.getLogger(UntrustedForwarding.class);

  /** The WARN, logged once; it names the settings and never an address. */
  static final String WARNING =
      "requests from a loopback or private-network proxy carry X-Forwarded-For/Forwarded, but no"
          + " proxy is trusted: every client behind it counts as one network for the per-network"
          + " limits. Trust the proxy (Spring Boot: server.forward-headers-strategy=native and, on"
          + " Tomcat, server.tomcat.remoteip.internal-proxies), or let it stop forwarding these"
          + " headers";

  private final AtomicBoolean seen = new AtomicBoolean();

  /**
   * Notes a request that reached the host's HTTP layer still carrying a forwarded header.
   *
   * @param peer the request's remote address as the HTTP layer has it, or {@code null}
   */
  public void forwardedHeaderFrom(String peer) {
    // After the first, nothing is parsed again: one read of a flag per request.
    if (!seen.get() && ClientDetails.isLoopbackOrPrivate(peer) && seen.compareAndSet(false, true)) {
      LOG.warn(WARNING);
    }
  }

  /** {@return whether a request from an untrusted local proxy has been seen} */
  public boolean seen() {
    return seen.get();
  }
}
