package dev.gatehouse.examples.django;

import dev.gatehouse.core.entity.AbstractAuthProfile;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The Django host's profiles, in a table the library changelog creates. */
@Entity
@Table(name = "gatehouse_profile")
public class DjangoProfile extends AbstractAuthProfile<DjangoUser> {}
