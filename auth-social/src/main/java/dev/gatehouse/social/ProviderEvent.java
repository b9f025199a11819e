package dev.gatehouse.social;

import dev.gatehouse.core.event.AuthEvent;

/**
 * What the link and unlink events' audit entries share: the provider as the method.
 * Package-private: a host matches the events themselves, or {@link AuthEvent.ModuleEvent}.
 */
interface ProviderEvent extends AuthEvent.ModuleEvent {
  /** {@return the provider's short name, such as {@code google}} */
  String provider();

  @Override
  default String auditMethod() {
    return provider();
  }
}
