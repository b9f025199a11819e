package dev.gatehouse.core.config;

/** Whether Gatehouse runs for a developer or for real users. */
public enum Environment {
  /** Development: ephemeral keys and printing senders are allowed, with warnings. */
  DEVELOPMENT,
  /** Production: configured keys, a secret key and real providers are required. */
  PRODUCTION
}
