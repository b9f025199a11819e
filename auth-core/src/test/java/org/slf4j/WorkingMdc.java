package org.slf4j;

import org.slf4j.helpers.BasicMDCAdapter;

/**
 * Gives the tests a working logging context. The tests log through slf4j-simple, whose MDC adapter
 * drops every value; a host's Logback or Log4j 2 keeps them, and the audit trail reads its
 * correlation id from there. {@link MDC}'s adapter setter is package-private, hence this package.
 */
public final class WorkingMdc {
  private WorkingMdc() {}

  /** Installs SLF4J's own map-backed adapter unless a working one is in place. */
  public static synchronized void install() {
    MDC.put("gatehouse.mdc-probe", "1");
    if (MDC.get("gatehouse.mdc-probe") == null) {
      MDC.setMDCAdapter(new BasicMDCAdapter());
    }
    MDC.remove("gatehouse.mdc-probe");
  }
}
