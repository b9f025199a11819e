package dev.gatehouse.examples.django;

import dev.gatehouse.core.entity.AbstractAuthDevice;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The Django host's devices. */
@Entity
@Table(name = "gatehouse_device")
public class DjangoDevice extends AbstractAuthDevice<DjangoUser> {}
