package dev.gatehouse.spring.boot.host;

import dev.gatehouse.core.entity.AbstractSocialAccount;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * The test host's seventh entity, in the pages' tests only: the social accounts "continue with"
 * signs in with ({@code SocialSignInPagesTest}). In the host's package, so that the host's own
 * entity scan finds it beside its six ({@link HostEntities}).
 */
@Entity
@Table(name = "host_social_account")
public class HostSocialAccount extends AbstractSocialAccount<HostEntities.User> {}
