package dev.gatehouse.examples.legacy;

import dev.gatehouse.core.entity.AbstractAuthProfile;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The legacy host's profile table, created by the library's changelog under the host's naming. */
@Entity
@Table(name = "accounts_profile")
public class LegacyProfile extends AbstractAuthProfile<LegacyUser> {}
