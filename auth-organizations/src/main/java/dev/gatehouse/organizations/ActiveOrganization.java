package dev.gatehouse.organizations;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.session.SessionClaims;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.organizations.OrganizationStore.ActiveMember;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The active organisation a session keeps ({@link OrganizationService#switchOrganization}): its id
 * and the member's role, in every access token the session issues ({@value #ORG_ID}, {@value
 * #ORG_ROLE}), checked at each refresh against the membership as it is then: a member who left or
 * was removed (or whose organisation was deleted), or whose role no longer grants {@link
 * OrganizationRole#SWITCH}, loses both; a member whose role changed carries the new one. One read
 * of the membership a refresh; the owner's account is checked by the refresh itself.
 *
 * <p>An organisation's {@link OrganizationPolicy} is read with the membership (the same read): the
 * switch lets in only a session whose sign-in meets it, and the claims then remember the policy
 * ({@value #ORG_POLICY}, a hash of its stable text) and, with a session lifetime, when the session
 * stops acting for the organisation ({@value #ORG_EXP}, epoch seconds). A refresh drops the claims
 * once that time has come or the policy is no longer the one the session was let in under, so the
 * member switches again and is checked against the policy as it is.
 */
final class ActiveOrganization implements SessionClaims {
  /** The access token's claim naming the active organisation (its id). */
  static final String ORG_ID = "org_id";

  /** The access token's claim naming the member's role in it. */
  static final String ORG_ROLE = "org_role";

  /** The claim remembering the policy the session was let in under. */
  static final String ORG_POLICY = "org_policy";

  /** The claim saying until when the session may act for the organisation (epoch seconds). */
  static final String ORG_EXP = "org_exp";

  private final OrganizationStore store;
  private final Map<String, OrganizationRole> roles;
  private final Clock clock;

  ActiveOrganization(OrganizationStore store, Map<String, OrganizationRole> roles, Clock clock) {
    this.store = store;
    this.roles = roles;
    this.clock = clock;
  }

  /** Whether a membership's role lets its member act for the organisation. */
  boolean mayAct(Membership m) {
    OrganizationRole role = roles.get(m.role());
    return role != null && role.grants(OrganizationRole.SWITCH);
  }

  @Override
  public String name() {
    return Organizations.NAME;
  }

  /** {@return the claims of a membership of an organisation without a policy} */
  static Map<String, Object> claims(Membership m) {
    return Map.of(ORG_ID, m.organization().toString(), ORG_ROLE, m.role());
  }

  /**
   * The claims of a switch into the organisation: its policy checked against the session, read only
   * when the organisation has one.
   *
   * @throws RejectedInputException {@code organization_policy} when the session's sign-in does not
   *     meet it
   */
  Map<String, Object> claimsAtSwitch(StoreTransaction tx, ActiveMember member, String sessionId) {
    OrganizationPolicy policy = member.policy();
    if (policy.isNone()) {
      return claims(member.membership());
    }
    SessionState session =
        tx.sessions()
            .findSession(sessionId)
            .filter(s -> s.userPublicId().equals(member.membership().user()))
            .orElse(null);
    Instant now = clock.instant();
    String refusal =
        session == null
            ? null
            : policy.secondFactorRequired() && !session.amr().contains(SessionStarter.AMR_MFA)
                ? "the organisation requires a sign-in with a second factor"
                : !policy.signInMethods().isEmpty()
                        && session.amr().stream().noneMatch(policy.signInMethods()::contains)
                    ? "the organisation allows other sign-in methods"
                    : until(policy, session) != null && !now.isBefore(until(policy, session))
                        ? "the session is older than the organisation allows"
                        : null;
    if (refusal != null) {
      throw new RejectedInputException(OrganizationErrors.ORGANIZATION_POLICY, refusal);
    }
    Map<String, Object> claims = new HashMap<>(claims(member.membership()));
    claims.put(ORG_POLICY, (long) policy.canonical().hashCode());
    if (session != null && until(policy, session) != null) {
      claims.put(ORG_EXP, until(policy, session).getEpochSecond());
    }
    return Map.copyOf(claims);
  }

  /** When the session stops acting for the organisation, or {@code null} for no limit. */
  private static Instant until(OrganizationPolicy policy, SessionState session) {
    if (policy.sessionLifetime() == null) {
      return null;
    }
    Instant signedIn = session.authTime() != null ? session.authTime() : session.createdAt();
    return signedIn.plus(policy.sessionLifetime());
  }

  @Override
  public Map<String, Object> atRefresh(
      StoreTransaction tx, UUID account, Map<String, Object> kept) {
    Optional<ActiveMember> member =
        organization(kept)
            .flatMap(id -> store.activeMember(tx, id, account))
            .filter(m -> mayAct(m.membership()));
    if (member.isEmpty() || !stillLetIn(member.get().policy(), kept)) {
      return Map.of();
    }
    Map<String, Object> carried = new HashMap<>(kept);
    carried.putAll(claims(member.get().membership()));
    return Map.copyOf(carried);
  }

  /** Whether the session was let in under the policy as it is, and its time has not come. */
  private boolean stillLetIn(OrganizationPolicy policy, Map<String, Object> kept) {
    Object remembered = kept.get(ORG_POLICY);
    if (policy.isNone()) {
      return remembered == null;
    }
    if (!(remembered instanceof Number n) || n.longValue() != policy.canonical().hashCode()) {
      return false;
    }
    Object exp = kept.get(ORG_EXP);
    if (policy.sessionLifetime() != null && !(exp instanceof Number)) {
      return false;
    }
    return !(exp instanceof Number e)
        || clock.instant().isBefore(Instant.ofEpochSecond(e.longValue()));
  }

  private static Optional<UUID> organization(Map<String, Object> kept) {
    if (!(kept.get(ORG_ID) instanceof String id)) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
