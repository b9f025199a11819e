package dev.gatehouse.passkeys;

import dev.gatehouse.core.event.AuthEvent;

/**
 * What the passkey events' audit entries share: the method {@code passkey} and the detail {@code
 * passkey <id>}. Package-private: a host matches the events themselves, or {@link
 * AuthEvent.ModuleEvent}.
 */
interface PasskeyEvent extends AuthEvent.ModuleEvent {
  /** {@return the passkey's key} */
  long passkeyId();

  @Override
  default String auditMethod() {
    return "passkey";
  }

  @Override
  default String auditDetail() {
    return "passkey " + passkeyId();
  }
}
