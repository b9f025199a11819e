package dev.gatehouse.core.config;

/**
 * Which identifier a password login accepts besides the phone (jb-drf-auth's AUTHENTICATION_TYPE).
 */
public enum LoginIdentifier {
  /** Email address only. */
  EMAIL,
  /** Username only. */
  USERNAME,
  /** Either an email address or a username. */
  BOTH
}
