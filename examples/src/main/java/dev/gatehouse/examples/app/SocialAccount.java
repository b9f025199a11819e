package dev.gatehouse.examples.app;

import dev.gatehouse.core.entity.AbstractSocialAccount;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * The example host's linked provider identities ("Continue with ..." on the sign-in pages): one
 * line, as for the other tables. Empty until the host registers a social provider.
 */
// snippet:start entity
@Entity
@Table(name = "app_social_account")
public class SocialAccount extends AbstractSocialAccount<User> {}
// snippet:end entity
