package dev.gatehouse.examples.app;

import dev.gatehouse.core.entity.AbstractPasskeyCredential;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * The example host's passkeys (the contract's {@code /auth/passkeys/} routes): one line, as for the
 * other tables. Bound to {@code gatehouse.passkeys.rp-id} ({@code localhost} in development).
 */
@Entity
@Table(name = "app_passkey")
public class Passkey extends AbstractPasskeyCredential<User> {}
