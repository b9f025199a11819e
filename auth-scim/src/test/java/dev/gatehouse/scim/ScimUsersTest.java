package dev.gatehouse.scim;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult.SignedIn;
import dev.gatehouse.organizations.OrganizationService;
import dev.gatehouse.scim.ScimWorld.Answer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * An organisation's directory provisions its members over SCIM (issue 98): create, read, list with
 * filters and paging, replace, patch and delete, with SCIM's errors, as Entra ID and Okta send
 * them; and the directory's word is final: a suspension or removal ends the member's sessions and
 * refuses their sign-ins. On the in-memory store, H2, PostgreSQL and MariaDB.
 */
class ScimUsersTest {
  private static final ScimWorld.Stores STORES = new ScimWorld.Stores();

  @AfterAll
  static void close() {
    STORES.close();
  }

  @ParameterizedTest
  @ArgumentsSource(ScimWorld.Kinds.class)
  void oktasProbeFindsNoOneThenTheCreateMakesAnAccountAndAMembership(String kind) {
    ScimWorld w = new ScimWorld(STORES, kind);
    String ada = "ada@" + w.domain;

    Answer probe = w.list("userName eq \"" + ada + "\"");
    assertThat(probe.status()).isEqualTo(200);
    assertThat(probe.body().path("totalResults").asInt()).isZero();
    assertThat(probe.raw().body()).contains(ScimJson.LIST);

    Answer created = w.create(ada, ada);

    assertThat(created.status()).isEqualTo(201);
    String id = created.body().path("id").asText();
    assertThat(created.raw().location()).isEqualTo("/" + w.org.id() + "/Users/" + id);
    assertThat(created.body().path("userName").asText()).isEqualTo(ada);
    assertThat(created.body().path("active").asBoolean()).isTrue();
    assertThat(created.body().path("meta").path("resourceType").asText()).isEqualTo("User");
    UUID account = account(w, ada).orElseThrow();
    assertThat(
            w.g
                .gatehouse
                .feature(OrganizationService.class)
                .can(account, w.org.id(), "organization.read"))
        .isTrue();
    Answer read = w.get("/Users/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body().path("name").path("givenName").asText()).isEqualTo("Ada");
    Answer found = w.list("userName eq \"" + ada.toUpperCase() + "\"");
    assertThat(found.body().path("totalResults").asInt()).isEqualTo(1);
    assertThat(found.body().path("Resources").get(0).path("id").asText()).isEqualTo(id);
  }

  @ParameterizedTest
  @ArgumentsSource(ScimWorld.Kinds.class)
  void anExistingAccountOfAVerifiedDomainBecomesAMemberNotASecondAccount(String kind) {
    ScimWorld w = new ScimWorld(STORES, kind);
    String bob = "bob@" + w.domain;
    UUID account = confirmed(w.g, bob);

    Answer created = w.create(bob, bob);

    assertThat(created.status()).isEqualTo(201);
    assertThat(account(w, bob)).contains(account);
    assertThat(
            w.g
                .gatehouse
                .feature(OrganizationService.class)
                .can(account, w.org.id(), "organization.read"))
        .isTrue();
  }

  @ParameterizedTest
  @ArgumentsSource(ScimWorld.Kinds.class)
  void anAddressOutsideTheVerifiedDomainsIsRefusedAndNothingIsWritten(String kind) {
    ScimWorld w = new ScimWorld(STORES, kind);
    String eve = "eve-" + UUID.randomUUID() + "@elsewhere.example";

    Answer refused = w.create(eve, eve);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.scimType()).isEqualTo("invalidValue");
    assertThat(refused.body().path("schemas").get(0).asText()).isEqualTo(ScimJson.ERROR);
    assertThat(refused.raw().body()).contains("\"status\":\"400\"");
    assertThat(account(w, eve)).isEmpty();
    assertThat(w.list("userName pr").body().path("totalResults").asInt()).isZero();
  }

  @ParameterizedTest
  @ArgumentsSource(ScimWorld.Kinds.class)
  void aSecondUserOfTheSameNameInAnyCaseIsAConflict(String kind) {
    ScimWorld w = new ScimWorld(STORES, kind);
    String cy = "cy@" + w.domain;
    assertThat(w.create(cy, cy).status()).isEqualTo(201);

    Answer again = w.create(cy.toUpperCase(), "cy2@" + w.domain);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.scimType()).isEqualTo("uniqueness");
    assertThat(account(w, "cy2@" + w.domain)).isEmpty();
  }

  @ParameterizedTest
  @ArgumentsSource(ScimWorld.Kinds.class)
  void aTokenReachesItsOrganisationOnlyAndARotatedOrRevokedOneNothing(String kind) {
    ScimWorld w = new ScimWorld(STORES, kind);
    ScimWorld other = new ScimWorld(STORES, kind);
    String path = "/" + w.org.id() + "/Users";

    assertThat(w.sendAs("Bearer " + other.token, "GET", path, Map.of(), "").status())
        .isEqualTo(401);
    assertThat(w.sendAs(null, "GET", path, Map.of(), "").status()).isEqualTo(401);
    String forged = w.token.substring(0, w.token.length() - 4) + "AAAA";
    assertThat(w.sendAs("Bearer " + forged, "GET", path, Map.of(), "").status()).isEqualTo(401);
    assertThat(w.sendAs("Bearer " + w.token, "GET", path, Map.of(), "").status()).isEqualTo(200);

    String old = w.token;
    w.token = w.scim.issueToken(w.ownerToken, w.org.id()).token();
    assertThat(w.sendAs("Bearer " + old, "GET", path, Map.of(), "").status()).isEqualTo(401);
    assertThat(w.get("/Users").status()).isEqualTo(200);
    assertThat(w.scim.tokenState(w.ownerToken, w.org.id()).orElseThrow().lastUsedAt()).isNotNull();

    assertThat(w.scim.revokeToken(w.ownerToken, w.org.id())).isTrue();
    assertThat(w.get("/Users").status()).isEqualTo(401);
    assertThat(w.scim.tokenState(w.ownerToken, w.org.id())).isEmpty();
  }

  @ParameterizedTest
  @ArgumentsSource(ScimWorld.Kinds.class)
  void onlyTheOrganisationsOwnersIssueItsToken(String kind) {
    ScimWorld w = new ScimWorld(STORES, kind);
    ScimWorld other = new ScimWorld(STORES, kind);

    AuthException e =
        catchThrowableOfType(
            AuthException.class, () -> w.scim.issueToken(other.ownerToken, w.org.id()));

    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN.code());
    assertThat(w.get("/Users").status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ArgumentsSource(ScimWorld.Kinds.class)
  void entrasSuspensionEndsTheSessionsAndRefusesPasswordAndRefreshUntilReactivated(String kind) {
    ScimWorld w = new ScimWorld(STORES, kind);
    String dee = "dee@" + w.domain;
    UUID account = confirmed(w.g, dee);
    TokenPair session = login(w, dee).tokens();
    String id = w.create(dee, dee).body().path("id").asText();

    // Entra ID: "Replace" with the text "False".
    Answer suspended =
        w.send(
            "PATCH",
            "/Users/" + id,
            ScimWorld.patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"));

    assertThat(suspended.status()).isEqualTo(200);
    assertThat(suspended.body().path("active").asBoolean()).isFalse();
    OrganizationService orgs = w.g.gatehouse.feature(OrganizationService.class);
    assertThat(orgs.can(account, w.org.id(), "organization.read")).isFalse();
    assertRefreshRefused(w, session);
    AuthException password = catchThrowableOfType(AuthException.class, () -> login(w, dee));
    assertThat(password.code()).isEqualTo(ErrorCode.ACCOUNT_DISABLED.code());

    // Entra ID again: no path, the value an object.
    Answer back =
        w.send(
            "PATCH",
            "/Users/" + id,
            ScimWorld.patch("{\"op\":\"replace\",\"value\":{\"active\":\"True\"}}"));

    assertThat(back.status()).isEqualTo(200);
    assertThat(back.body().path("active").asBoolean()).isTrue();
    assertThat(orgs.can(account, w.org.id(), "organization.read")).isTrue();
    // The reactivation restores the membership only: the ended session stays ended.
    assertRefreshRefused(w, session);
    assertThat(login(w, dee)).isNotNull();
  }

  @ParameterizedTest
  @ArgumentsSource(ScimWorld.Kinds.class)
  void aDeleteRemovesTheMemberAndRefusesItsSignIns(String kind) {
    ScimWorld w = new ScimWorld(STORES, kind);
    String eli = "eli@" + w.domain;
    UUID account = confirmed(w.g, eli);
    TokenPair session = login(w, eli).tokens();
    String id = w.create(eli, eli).body().path("id").asText();

    Answer deleted = w.send("DELETE", "/Users/" + id, "");

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(w.get("/Users/" + id).status()).isEqualTo(404);
    assertThat(w.list("userName eq \"" + eli + "\"").body().path("totalResults").asInt()).isZero();
    assertThat(
            w.g
                .gatehouse
                .feature(OrganizationService.class)
                .can(account, w.org.id(), "organization.read"))
        .isFalse();
    assertRefreshRefused(w, session);
    assertThat(catchThrowableOfType(AuthException.class, () -> login(w, eli)).code())
        .isEqualTo(ErrorCode.ACCOUNT_DISABLED.code());
    // The directory may provision the person again: the same account, a member again.
    assertThat(w.create(eli, eli).status()).isEqualTo(201);
    assertThat(login(w, eli)).isNotNull();
  }

  @ParameterizedTest
  @ArgumentsSource(ScimWorld.Kinds.class)
  void filtersAsEntraAndOktaSendThemWithPaging(String kind) {
    ScimWorld w = new ScimWorld(STORES, kind);
    String fay = "fay@" + w.domain;
    String gus = "gus@" + w.domain;
    String hal = "hal@" + w.domain;
    w.create(fay, fay);
    w.g.clock.advance(Duration.ofMinutes(5));
    String since = w.g.clock.instant().toString();
    w.g.clock.advance(Duration.ofMinutes(5));
    w.create(gus, gus);
    w.g.clock.advance(Duration.ofSeconds(1));
    w.create(hal, hal);

    assertThat(total(w, "emails[type eq \"work\"].value eq \"" + gus + "\"")).isEqualTo(1);
    assertThat(total(w, "emails[type eq \"work\" and value eq \"" + gus + "\"]")).isEqualTo(1);
    assertThat(total(w, "externalId eq \"ext-" + fay + "\"")).isEqualTo(1);
    assertThat(total(w, "externalId eq \"EXT-" + fay + "\"")).isZero();
    assertThat(total(w, "meta.lastModified gt \"" + since + "\"")).isEqualTo(2);
    assertThat(total(w, "userName eq \"" + fay + "\" or userName eq \"" + hal + "\"")).isEqualTo(2);
    assertThat(total(w, "userName eq \"" + fay + "\" and externalId eq \"ext-" + hal + "\""))
        .isZero();
    assertThat(total(w, "USERNAME Eq \"" + fay + "\"")).isEqualTo(1);

    Answer page = w.send("GET", "/Users", Map.of("startIndex", "2", "count", "1"), "");
    assertThat(page.body().path("totalResults").asInt()).isEqualTo(3);
    assertThat(page.body().path("itemsPerPage").asInt()).isEqualTo(1);
    assertThat(page.body().path("startIndex").asInt()).isEqualTo(2);
    assertThat(page.body().path("Resources").get(0).path("userName").asText()).isEqualTo(gus);

    for (String bad : new String[] {"userName eq", "password eq \"x\"", "userName xx \"y\""}) {
      Answer refused = w.list(bad);
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.scimType()).as(bad).isEqualTo("invalidFilter");
    }
  }

  @ParameterizedTest
  @ArgumentsSource(ScimWorld.Kinds.class)
  void patchByValuePathAndOktasPutChangeTheMemberWithinTheVerifiedDomains(String kind) {
    ScimWorld w = new ScimWorld(STORES, kind);
    String ivy = "ivy@" + w.domain;
    String id = w.create(ivy, ivy).body().path("id").asText();
    String moved = "ivy.new@" + w.domain;

    Answer patched =
        w.send(
            "PATCH",
            "/Users/" + id,
            ScimWorld.patch(
                "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\""
                    + moved
                    + "\"},{\"op\":\"add\",\"path\":\"name.givenName\",\"value\":\"Ivy\"},"
                    + "{\"op\":\"remove\",\"path\":\"externalId\"}"));

    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.body().path("emails").get(0).path("value").asText()).isEqualTo(moved);
    assertThat(patched.body().path("name").path("givenName").asText()).isEqualTo("Ivy");
    assertThat(patched.body().has("externalId")).isFalse();

    // Okta updates with PUT: the whole user, attribute names in any case.
    Answer put =
        w.send(
            "PUT",
            "/Users/" + id,
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"%s",
             "UserName":"%s","Active":true,"externalId":"okta-1",
             "name":{"givenName":"Ivy","familyName":"Ng"},
             "emails":[{"primary":true,"type":"work","value":"%s"}]}
            """
                .formatted(id, ivy, moved));
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.body().path("name").path("familyName").asText()).isEqualTo("Ng");
    assertThat(put.body().path("externalId").asText()).isEqualTo("okta-1");

    Answer outside =
        w.send(
            "PATCH",
            "/Users/" + id,
            ScimWorld.patch(
                "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"ivy@elsewhere.example\"}"));
    assertThat(outside.status()).isEqualTo(400);
    assertThat(w.get("/Users/" + id).body().path("emails").get(0).path("value").asText())
        .isEqualTo(moved);
  }

  @ParameterizedTest
  @ArgumentsSource(ScimWorld.Kinds.class)
  void theDiscoveryEndpointsDescribeWhatIsSupported(String kind) {
    ScimWorld w = new ScimWorld(STORES, kind);

    Answer config = w.get("/ServiceProviderConfig");
    assertThat(config.status()).isEqualTo(200);
    assertThat(config.body().path("patch").path("supported").asBoolean()).isTrue();
    assertThat(config.body().path("bulk").path("supported").asBoolean()).isFalse();
    Answer types = w.get("/ResourceTypes");
    assertThat(types.body().path("Resources").get(0).path("endpoint").asText()).isEqualTo("/Users");
    Answer schemas = w.get("/Schemas");
    assertThat(schemas.body().path("Resources").get(0).path("id").asText())
        .isEqualTo("urn:ietf:params:scim:schemas:core:2.0:User");
    assertThat(w.get("/Groups").status()).isEqualTo(404);
    assertThat(w.get("/Users/" + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(ScimResponse.CONTENT_TYPE).isEqualTo("application/scim+json");
  }

  private static void assertRefreshRefused(ScimWorld w, TokenPair session) {
    assertThat(
            catchThrowableOfType(
                AuthException.class,
                () -> w.g.gatehouse.sessions().refresh(session.refreshToken(), w.client)))
        .as("the refresh of an ended session")
        .isNotNull();
  }

  @ParameterizedTest
  @ArgumentsSource(ScimWorld.Kinds.class)
  void aTokenAndANetworkAreLimitedPerMinuteAndAWrongTokenCountsForItsNetwork(String kind) {
    ScimWorld w =
        new ScimWorld(
            STORES,
            kind,
            c -> c.set(ScimSettings.REQUESTS_PER_TOKEN, 3).set(ScimSettings.REQUESTS_PER_IP, 5));
    String path = "/" + w.org.id() + "/Users";
    var guesser = ScimWorld.client();
    for (int i = 0; i < 5; i++) {
      assertThat(w.sendFrom(guesser, "Bearer scim_x", "GET", path, Map.of(), "").status())
          .isEqualTo(401);
    }

    Answer stopped = w.sendFrom(guesser, "Bearer " + w.token, "GET", path, Map.of(), "");

    assertThat(stopped.status()).isEqualTo(429);
    assertThat(stopped.body().path("status").asText()).isEqualTo("429");
    // Another network, the same token: three a minute, then 429, until the minute ends.
    for (int i = 0; i < 3; i++) {
      assertThat(w.get("/Users").status()).isEqualTo(200);
    }
    assertThat(w.get("/Users").status()).isEqualTo(429);
    w.g.clock.advance(Duration.ofMinutes(2));
    assertThat(w.get("/Users").status()).isEqualTo(200);
  }

  private static SignedIn login(ScimWorld w, String email) {
    return w.g
        .gatehouse
        .accounts()
        .login(new LoginRequest(email, PASSWORD, ScimWorld.client()))
        .orElseThrow();
  }

  private static int total(ScimWorld w, String filter) {
    Answer a = w.list(filter);
    assertThat(a.status()).as(filter + ": " + a.raw().body()).isEqualTo(200);
    return a.body().path("totalResults").asInt();
  }

  private static Optional<UUID> account(ScimWorld w, String email) {
    return w.g.db.store.inTransaction(
        tx -> tx.users().findByEmail(EmailAddresses.canonical(email)).map(u -> u.publicId()));
  }
}
