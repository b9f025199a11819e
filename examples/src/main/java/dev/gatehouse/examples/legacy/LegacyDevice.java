package dev.gatehouse.examples.legacy;

import dev.gatehouse.core.entity.AbstractAuthDevice;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The legacy host's device table, created by the library's changelog under the host's naming. */
@Entity
@Table(name = "accounts_device")
public class LegacyDevice extends AbstractAuthDevice<LegacyUser> {}
