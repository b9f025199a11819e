package dev.gatehouse.organizations;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.organizations.OrganizationStores.orgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The active organisation in the session (issue 60 item 4): switching issues tokens carrying the
 * organisation and the member's role, kept across refresh and checked at each one; leaving or
 * removal ends the claims at the next refresh (and {@code can} refuses at once); a switch into an
 * organisation of which the caller is not a member is refused and changes nothing. On the in-memory
 * store, H2, PostgreSQL and MariaDB.
 */
class ActiveOrganizationTest {
  private static final OrganizationStores STORES = new OrganizationStores();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");
  private static final Pattern INVITATION_TOKEN =
      Pattern.compile("invitation\\?token=([A-Za-z0-9_-]+)");

  @AfterAll
  static void close() {
    STORES.close();
  }

  private static String slug() {
    return "org-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A confirmed account signed in with its password. */
  private record Member(UUID id, TokenPair tokens) {
    String sid() {
      return tokens.sessionId();
    }
  }

  private static Member signedIn(GatehouseFixture g) {
    String address = email();
    UUID id = confirmed(g, address);
    TokenPair pair =
        g.gatehouse
            .accounts()
            .login(new LoginRequest(address, PASSWORD, CLIENT))
            .orElseThrow()
            .tokens();
    return new Member(id, pair);
  }

  private static VerifiedAccessToken verified(GatehouseFixture g, TokenPair pair) {
    return g.gatehouse.sessions().verifyAccessToken(pair.accessToken());
  }

  private static TokenPair refresh(GatehouseFixture g, TokenPair pair) {
    return g.gatehouse.sessions().refresh(pair.refreshToken(), CLIENT);
  }

  private static void join(
      GatehouseFixture g, UUID inviter, Organization org, UUID who, String role) {
    UserRecord account =
        g.db.store.inTransaction(tx -> tx.users().findByPublicId(who)).orElseThrow();
    orgs(g).invite(inviter, org.id(), account.email(), role);
    var mail = g.email.lastTo(account.email()).orElseThrow();
    Matcher m = INVITATION_TOKEN.matcher(mail.textBody());
    assertThat(m.find()).isTrue();
    orgs(g).accept(who, m.group(1));
  }

  private static void refused(ThrowingCallable call, String code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AuthException.class, e -> assertThat(e.code()).as("code").isEqualTo(code));
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aSwitchCarriesTheOrganisationAndTheRoleAcrossEveryRefresh(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    Member alice = signedIn(g);
    Organization acme = orgs(g).create(alice.id(), "Acme", slug());
    assertThat(verified(g, alice.tokens()).claims()).doesNotContainKeys("org_id", "org_role");

    TokenPair switched = orgs(g).switchOrganization(alice.id(), alice.sid(), acme.id());

    VerifiedAccessToken at = verified(g, switched);
    assertThat(at.claim("org_id")).contains(acme.id().toString());
    assertThat(at.claim("org_role")).contains(OrganizationRole.OWNER);
    assertThat(at.sessionId()).isEqualTo(alice.sid());
    assertThat(at.authTime()).isEqualTo(verified(g, alice.tokens()).authTime());
    TokenPair next = switched;
    for (int i = 0; i < 3; i++) {
      next = refresh(g, next);
      assertThat(verified(g, next).claim("org_id")).contains(acme.id().toString());
      assertThat(verified(g, next).claim("org_role")).contains(OrganizationRole.OWNER);
    }
    // Without rotation too (simplejwt's clients keep their refresh token).
    TokenPair kept = g.gatehouse.sessions().refreshWithoutRotation(next.refreshToken(), CLIENT);
    assertThat(verified(g, kept).claim("org_id")).contains(acme.id().toString());

    TokenPair none = orgs(g).switchOrganization(alice.id(), alice.sid(), null);
    assertThat(verified(g, none).claims()).doesNotContainKeys("org_id", "org_role");
    assertThat(verified(g, refresh(g, none)).claims()).doesNotContainKeys("org_id", "org_role");
    // The switch replaced the session's refresh token: the one before it is spent (presented
    // again it is reuse, which ends the session).
    assertThatThrownBy(() -> refresh(g, alice.tokens()))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aRemovedMemberLosesTheClaimsAtTheNextRefreshAndTheCheckAtOnce(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    Member alice = signedIn(g);
    Member bob = signedIn(g);
    Organization acme = orgs(g).create(alice.id(), "Acme", slug());
    join(g, alice.id(), acme, bob.id(), OrganizationRole.ADMIN);
    TokenPair bobs = orgs(g).switchOrganization(bob.id(), bob.sid(), acme.id());
    assertThat(verified(g, bobs).claim("org_role")).contains(OrganizationRole.ADMIN);

    orgs(g).remove(alice.id(), acme.id(), bob.id());

    // At once where it matters: the check reads the membership, not the token.
    assertThat(orgs(g).can(bob.id(), acme.id(), OrganizationRole.READ)).isFalse();
    TokenPair after = refresh(g, bobs);
    assertThat(verified(g, after).claims()).doesNotContainKeys("org_id", "org_role");
    // Dropped for good: joining again later does not bring the old session's claims back.
    join(g, alice.id(), acme, bob.id(), OrganizationRole.MEMBER);
    assertThat(verified(g, refresh(g, after)).claims()).doesNotContainKeys("org_id", "org_role");
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aMemberWhoLeavesOrWhoseOrganisationIsDeletedLosesTheClaims(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    Member alice = signedIn(g);
    Member bob = signedIn(g);
    Organization acme = orgs(g).create(alice.id(), "Acme", slug());
    join(g, alice.id(), acme, bob.id(), OrganizationRole.MEMBER);
    TokenPair bobs = orgs(g).switchOrganization(bob.id(), bob.sid(), acme.id());
    TokenPair alices = orgs(g).switchOrganization(alice.id(), alice.sid(), acme.id());

    orgs(g).remove(bob.id(), acme.id(), bob.id());
    assertThat(verified(g, refresh(g, bobs)).claims()).doesNotContainKey("org_id");

    orgs(g).delete(alice.id(), acme.id());
    assertThat(verified(g, refresh(g, alices)).claims()).doesNotContainKey("org_id");
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aChangedRoleIsCarriedFromTheNextRefresh(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    Member alice = signedIn(g);
    Member bob = signedIn(g);
    Organization acme = orgs(g).create(alice.id(), "Acme", slug());
    join(g, alice.id(), acme, bob.id(), OrganizationRole.ADMIN);
    TokenPair bobs = orgs(g).switchOrganization(bob.id(), bob.sid(), acme.id());

    orgs(g).changeRole(alice.id(), acme.id(), bob.id(), OrganizationRole.MEMBER);

    TokenPair next = refresh(g, bobs);
    assertThat(verified(g, next).claim("org_role")).contains(OrganizationRole.MEMBER);
    assertThat(verified(g, refresh(g, next)).claim("org_role")).contains(OrganizationRole.MEMBER);
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aRoleWithoutTheSwitchIsRefusedAndLosesTheClaimsAtTheNextRefresh(String kind) {
    GatehouseFixture g =
        STORES.gatehouse(
            kind,
            m -> m.role(new OrganizationRole("auditor", java.util.Set.of(OrganizationRole.READ))),
            c -> c);
    Member alice = signedIn(g);
    Member bob = signedIn(g);
    Organization acme = orgs(g).create(alice.id(), "Acme", slug());
    join(g, alice.id(), acme, bob.id(), OrganizationRole.MEMBER);
    TokenPair bobs = orgs(g).switchOrganization(bob.id(), bob.sid(), acme.id());

    orgs(g).changeRole(alice.id(), acme.id(), bob.id(), "auditor");

    TokenPair next = refresh(g, bobs);
    assertThat(verified(g, next).claims()).doesNotContainKeys("org_id", "org_role");
    refused(() -> orgs(g).switchOrganization(bob.id(), bob.sid(), acme.id()), "forbidden");
    // Refused, nothing moved: the session's current refresh token still works, without claims.
    assertThat(verified(g, refresh(g, next)).claims()).doesNotContainKey("org_id");
  }

  /**
   * An attacker who is a member of A names B's id, or another's session: refused, nothing moves.
   */
  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aSwitchIntoAnOrganisationOfWhichTheCallerIsNoMemberIsRefusedAndChangesNothing(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    Member alice = signedIn(g);
    Member mallory = signedIn(g);
    Organization a = orgs(g).create(mallory.id(), "A", slug());
    Organization b = orgs(g).create(alice.id(), "B", slug());
    TokenPair mallorys = orgs(g).switchOrganization(mallory.id(), mallory.sid(), a.id());

    refused(
        () -> orgs(g).switchOrganization(mallory.id(), mallory.sid(), b.id()),
        "organization_not_found");
    refused(
        () -> orgs(g).switchOrganization(mallory.id(), mallory.sid(), UUID.randomUUID()),
        "organization_not_found");
    // Alice's session named by mallory, into mallory's own organisation.
    refused(
        () -> orgs(g).switchOrganization(mallory.id(), alice.sid(), a.id()), "session_not_found");

    // Nothing changed: mallory's refresh token still works and still names A, alice's is untouched.
    TokenPair next = refresh(g, mallorys);
    assertThat(verified(g, next).claim("org_id")).contains(a.id().toString());
    TokenPair alices = refresh(g, alice.tokens());
    assertThat(verified(g, alices).claims()).doesNotContainKey("org_id");
  }

  /**
   * The claims are the session's, never the client's: the refresh token names its session, its
   * generation and a random secret whose only meaning is its hash in the session's row (under the
   * server's MAC), never a claim; and an access token whose claims are edited no longer verifies.
   */
  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void claimsCannotBeForgedInTheRefreshTokenNorInTheAccessToken(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    Member mallory = signedIn(g);
    Member alice = signedIn(g);
    Organization a = orgs(g).create(mallory.id(), "A", slug());
    Organization b = orgs(g).create(alice.id(), "B", slug());
    TokenPair mallorys = orgs(g).switchOrganization(mallory.id(), mallory.sid(), a.id());

    assertThat(mallorys.refreshToken())
        .matches(
            java.util.regex.Pattern.quote(mallory.sid())
                + "\\.\\d+\\.[A-Za-z0-9_-]{43}\\.[0-9a-f]{32}");
    assertThat(mallorys.refreshToken()).doesNotContain(a.id().toString());
    String[] parts = mallorys.accessToken().split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace(a.id().toString(), b.id().toString());
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertThatThrownBy(() -> g.gatehouse.sessions().verifyAccessToken(forged))
        .isInstanceOf(InvalidTokenException.class);
    String edited = mallorys.refreshToken().substring(1) + "A";
    assertThatThrownBy(() -> g.gatehouse.sessions().refresh(edited, CLIENT))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(verified(g, refresh(g, mallorys)).claim("org_id")).contains(a.id().toString());
  }

  @ParameterizedTest
  @ArgumentsSource(OrganizationStores.Kinds.class)
  void aProfileSwitchKeepsTheActiveOrganisation(String kind) {
    GatehouseFixture g = STORES.gatehouse(kind);
    Member alice = signedIn(g);
    Organization acme = orgs(g).create(alice.id(), "Acme", slug());
    TokenPair switched = orgs(g).switchOrganization(alice.id(), alice.sid(), acme.id());
    long profile = Long.parseLong(verified(g, switched).profileId().orElseThrow());

    TokenPair asProfile = g.gatehouse.profiles().switchProfile(alice.id(), profile, alice.sid());

    assertThat(verified(g, asProfile).claim("org_id")).contains(acme.id().toString());
  }
}
