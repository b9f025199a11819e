package dev.gatehouse.core.entity;

/** Outcome of one delivery attempt, as written to the SMS and email logs. */
public enum DeliveryStatus {
  /** The provider accepted the message. */
  SENT,
  /** The provider refused it or could not be reached. */
  FAILED,
  /** A limit stopped it before it reached any provider. */
  BLOCKED
}
