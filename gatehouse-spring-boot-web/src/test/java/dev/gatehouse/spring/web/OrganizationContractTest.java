package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The organisation routes over HTTP (issue 60), as their users and as an attacker: a member of one
 * organisation against every route of another, an anonymous caller, a member without the permission
 * — each refused with its problem and nothing changed — and two accepts of one invitation at once.
 * H2 here; PostgreSQL and MariaDB in the subclasses.
 */
class OrganizationContractTest extends ContractTestSupport {

  /** A signed-in account: its address, public id and access token. */
  record Account(String email, String id, String access) {}

  Account account() throws Exception {
    String address = confirmedAccount();
    return signIn(address);
  }

  Account signIn(String address) throws Exception {
    Reply r = http.post(base() + "/login/basic/", json("email", address, "password", PASSWORD));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return new Account(address, r.json().at("/user/id").asString(), r.text("access"));
  }

  Reply call(String method, String path, String body, Account who) throws Exception {
    return http.send(
        method, base() + "/organizations" + path, body, who == null ? null : who.access);
  }

  String create(Account owner, String name) throws Exception {
    String slug = "org-" + UUID.randomUUID().toString().substring(0, 8);
    Reply r = call("POST", "/", json("name", name, "slug", slug), owner);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    assertThat(r.text("slug")).isEqualTo(slug);
    return r.text("id");
  }

  /** Invites an address; returns the invitation's id and the token of its mailed link. */
  String[] invite(Account by, String org, String address, String role) throws Exception {
    Reply r = call("POST", "/" + org + "/invitations/", json("email", address, "role", role), by);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return new String[] {r.text("id"), tokenIn(mailTo(address).orElseThrow())};
  }

  /** Makes {@code who} a member of {@code org} by invitation, with the role. */
  void join(Account owner, String org, Account who, String role) throws Exception {
    String token = invite(owner, org, who.email, role)[1];
    Reply r = call("POST", "/invitations/accept/", json("token", token), who);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(r.text("role")).isEqualTo(role);
  }

  /** What a member sees of an organisation: itself, its members, its pending invitations. */
  String state(Account owner, String org) throws Exception {
    return call("GET", "/" + org + "/", null, owner).raw().body()
        + call("GET", "/" + org + "/members/", null, owner).raw().body()
        + call("GET", "/" + org + "/invitations/", null, owner).raw().body()
        + call("GET", "/" + org + "/domains/", null, owner).raw().body()
        + call("GET", "/" + org + "/sso/", null, owner).raw().body()
        + call("GET", "/" + org + "/policy/", null, owner).raw().body();
  }

  @Test
  void staffImpersonatingAnOwnerReadsTheOrganisationButChangesNothingOfIt() throws Exception {
    Account owner = account();
    String org = create(owner, "Acme");
    String before = state(owner, org);
    String acting = impersonation(UUID.fromString(owner.id));
    Account staff = new Account(owner.email, owner.id, acting);

    assertThat(call("GET", "/" + org + "/", null, staff).status()).isEqualTo(200);
    assertThat(call("GET", "/" + org + "/members/", null, staff).status()).isEqualTo(200);
    String provider =
        Http.JSON.writeValueAsString(
            java.util.Map.of(
                "issuer", "https://idp.staff.example",
                "client_id", "staff",
                "client_secret", "staff-secret",
                "domains", List.of(),
                "required", false));
    for (String[] change :
        new String[][] {
          {"PUT", "/" + org + "/sso/", provider},
          {"DELETE", "/" + org + "/sso/", null},
          {"PUT", "/" + org + "/policy/", "{}"},
          {"POST", "/" + org + "/domains/", json("domain", "staff.example")},
          {"POST", "/" + org + "/invitations/", json("email", newEmail(), "role", "admin")},
          {"PATCH", "/" + org + "/", json("name", "Taken")},
          {"DELETE", "/" + org + "/", null},
          {"POST", "/", json("name", "Staff's", "slug", "staff-" + UUID.randomUUID())}
        }) {
      assertProblem(call(change[0], change[1], change[2], staff), 403, "impersonation_refused");
    }
    assertThat(state(owner, org)).isEqualTo(before);
  }

  @Test
  void anOrganisationIsCreatedReadChangedListedAndDeletedByItsOwner() throws Exception {
    Account alice = account();
    String org = create(alice, "Acme");
    Reply read = call("GET", "/" + org + "/", null, alice);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.text("name")).isEqualTo("Acme");
    assertThat(read.json().get("settings").isObject()).isTrue();

    Reply changed =
        call(
            "PATCH",
            "/" + org + "/",
            "{\"name\":\"Acme Ltd\",\"settings\":{\"plan\":\"pro\"}}",
            alice);
    assertThat(changed.status()).as(changed.raw().body()).isEqualTo(200);
    assertThat(changed.text("name")).isEqualTo("Acme Ltd");
    assertThat(changed.json().at("/settings/plan").asString()).isEqualTo("pro");

    Reply mine = call("GET", "/", null, alice);
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.json().size()).isEqualTo(1);
    assertThat(mine.json().get(0).get("id").asString()).isEqualTo(org);
    assertThat(mine.json().get(0).get("role").asString()).isEqualTo("owner");

    Reply members = call("GET", "/" + org + "/members/", null, alice);
    assertThat(members.json().size()).isEqualTo(1);
    assertThat(members.json().get(0).get("user").asString()).isEqualTo(alice.id);

    assertThat(call("DELETE", "/" + org + "/", null, alice).status()).isEqualTo(200);
    assertProblem(call("GET", "/" + org + "/", null, alice), 404, "organization_not_found");
    assertThat(call("GET", "/", null, alice).json().size()).isZero();
  }

  @Test
  void badInputIsATypedRefusalAndChangesNothing() throws Exception {
    Account alice = account();
    String org = create(alice, "Acme");
    String before = state(alice, org);
    assertProblem(
        call("POST", "/", json("name", "X", "slug", "Not A Slug"), alice), 400, "invalid_name");
    String slug = call("GET", "/" + org + "/", null, alice).text("slug");
    assertProblem(call("POST", "/", json("name", "Again", "slug", slug), alice), 409, "duplicate");
    assertProblem(call("PATCH", "/" + org + "/", "{\"name\":\"\"}", alice), 400, "invalid_name");
    assertProblem(
        call("PATCH", "/" + org + "/", "{\"name\":\"Acme\",\"settings\":\"text\"}", alice),
        400,
        "invalid_field");
    assertProblem(
        call("POST", "/" + org + "/invitations/", json("email", "nope", "role", "member"), alice),
        400,
        "invalid_email");
    assertProblem(
        call("POST", "/" + org + "/invitations/", json("email", newEmail(), "role", "king"), alice),
        400,
        "invalid_role");
    assertProblem(
        call("POST", "/invitations/accept/", json("token", "forged"), alice), 400, "invalid_link");
    assertProblem(call("GET", "/not-an-id/", null, alice), 404, "organization_not_found");
    assertProblem(
        call("GET", "/" + org.toUpperCase() + "/", null, alice), 404, "organization_not_found");
    assertProblem(
        call("DELETE", "/" + org + "/members/not-an-id/", null, alice), 404, "user_not_found");
    assertProblem(
        call("DELETE", "/" + org + "/invitations/not-an-id/", null, alice), 400, "invalid_link");
    assertThat(state(alice, org)).isEqualTo(before);
    assertThat(call("GET", "/", null, alice).json().size()).isEqualTo(1);
  }

  @Test
  void membersAreInvitedAcceptedChangedRemovedAndLeaveButTheLastOwnerStays() throws Exception {
    Account alice = account();
    Account bob = account();
    Account carol = account();
    String org = create(alice, "Acme");
    join(alice, org, bob, "member");
    join(alice, org, carol, "admin");
    assertThat(call("GET", "/", null, bob).json().get(0).get("role").asString())
        .isEqualTo("member");

    Reply promoted =
        call("PATCH", "/" + org + "/members/" + bob.id + "/", json("role", "admin"), alice);
    assertThat(promoted.status()).as(promoted.raw().body()).isEqualTo(200);
    assertThat(promoted.text("role")).isEqualTo("admin");
    assertThat(call("DELETE", "/" + org + "/members/" + carol.id + "/", null, bob).status())
        .isEqualTo(200);
    assertThat(call("POST", "/" + org + "/leave/", null, bob).status()).isEqualTo(200);
    assertProblem(call("GET", "/" + org + "/", null, bob), 404, "organization_not_found");

    assertProblem(call("POST", "/" + org + "/leave/", null, alice), 409, "last_owner");
    assertProblem(
        call("PATCH", "/" + org + "/members/" + alice.id + "/", json("role", "member"), alice),
        409,
        "last_owner");
    Reply members = call("GET", "/" + org + "/members/", null, alice);
    assertThat(members.json().size()).isEqualTo(1);
    assertThat(members.json().get(0).get("role").asString()).isEqualTo("owner");
  }

  @Test
  void invitationsAreListedResentRevokedAndSpentOnce() throws Exception {
    Account alice = account();
    Account bob = account();
    String org = create(alice, "Acme");
    String[] sent = invite(alice, org, bob.email, "member");
    Reply pending = call("GET", "/" + org + "/invitations/", null, alice);
    assertThat(pending.json().size()).isEqualTo(1);
    assertThat(pending.json().get(0).get("id").asString()).isEqualTo(sent[0]);
    assertThat(pending.raw().body()).doesNotContain(sent[1]);

    Reply resent = call("POST", "/" + org + "/invitations/" + sent[0] + "/resend/", null, alice);
    assertThat(resent.status()).as(resent.raw().body()).isEqualTo(200);
    String renewed = tokenIn(mailTo(bob.email).orElseThrow());
    assertThat(renewed).isNotEqualTo(sent[1]);
    assertProblem(
        call("POST", "/invitations/accept/", json("token", sent[1]), bob), 400, "invalid_link");

    assertThat(call("DELETE", "/" + org + "/invitations/" + sent[0] + "/", null, alice).status())
        .isEqualTo(200);
    assertProblem(
        call("POST", "/invitations/accept/", json("token", renewed), bob), 400, "invalid_link");
    assertThat(call("GET", "/" + org + "/invitations/", null, alice).json().size()).isZero();

    String again = invite(alice, org, bob.email, "member")[1];
    assertThat(call("POST", "/invitations/accept/", json("token", again), bob).status())
        .isEqualTo(200);
    assertProblem(
        call("POST", "/invitations/accept/", json("token", again), bob), 400, "invalid_link");
  }

  @Test
  void anInvitationSignsANewAddressUpAndAnExistingOneMustSignInFirst() throws Exception {
    Account alice = account();
    String org = create(alice, "Acme");
    String address = newEmail();
    String token = invite(alice, org, address, "member")[1];
    Reply in = http.post(base() + "/organizations/invitations/sign-up/", json("token", token));
    assertThat(in.status()).as(in.raw().body()).isEqualTo(200);
    assertThat(in.text("access")).isNotBlank();
    assertThat(in.json().at("/user/email").asString()).isEqualTo(address);
    Reply mine = http.get(base() + "/organizations/", in.text("access"));
    assertThat(mine.json().get(0).get("id").asString()).isEqualTo(org);
    assertProblem(
        http.post(base() + "/organizations/invitations/sign-up/", json("token", token)),
        400,
        "invalid_link");

    Account bob = account();
    String bobs = invite(alice, org, bob.email, "member")[1];
    assertProblem(
        http.post(base() + "/organizations/invitations/sign-up/", json("token", bobs)),
        409,
        "link_required");
    assertThat(call("POST", "/invitations/accept/", json("token", bobs), bob).status())
        .isEqualTo(200);
  }

  /** Every route of an organisation, as method, path (under the organisation) and body. */
  static List<String[]> routesOf(String org, String member, String invitation) {
    return List.of(
        new String[] {"GET", "/" + org + "/", null},
        new String[] {"PATCH", "/" + org + "/", json("name", "Taken over")},
        new String[] {"DELETE", "/" + org + "/", null},
        new String[] {"GET", "/" + org + "/members/", null},
        new String[] {"PATCH", "/" + org + "/members/" + member + "/", json("role", "owner")},
        new String[] {"DELETE", "/" + org + "/members/" + member + "/", null},
        new String[] {"POST", "/" + org + "/leave/", null},
        new String[] {"POST", "/" + org + "/switch/", null},
        new String[] {"GET", "/" + org + "/invitations/", null},
        new String[] {
          "POST", "/" + org + "/invitations/", json("email", newEmail(), "role", "owner")
        },
        new String[] {"DELETE", "/" + org + "/invitations/" + invitation + "/", null},
        new String[] {"POST", "/" + org + "/invitations/" + invitation + "/resend/", null},
        new String[] {"GET", "/" + org + "/domains/", null},
        new String[] {"POST", "/" + org + "/domains/", json("domain", "taken-over.example")},
        new String[] {"POST", "/" + org + "/domains/taken-over.example/verify/", null},
        new String[] {"DELETE", "/" + org + "/domains/taken-over.example/", null},
        new String[] {"PUT", "/" + org + "/domains/taken-over.example/join/", "{\"allowed\":true}"},
        new String[] {"POST", "/" + org + "/join/", null},
        new String[] {"GET", "/" + org + "/sso/", null},
        new String[] {
          "PUT",
          "/" + org + "/sso/",
          "{\"issuer\":\"https://idp.example\",\"client_id\":\"c\",\"client_secret\":\"s\","
              + "\"domains\":[\"taken-over.example\"],\"required\":true}"
        },
        new String[] {"DELETE", "/" + org + "/sso/", null},
        new String[] {"GET", "/" + org + "/policy/", null},
        new String[] {"PUT", "/" + org + "/policy/", "{\"second_factor_required\":true}"});
  }

  @Test
  void aMemberOfAnotherOrganisationFindsNothingOfThisOneOnAnyRouteAndChangesNothing()
      throws Exception {
    Account bob = account();
    Account carol = account();
    String b = create(bob, "Bobs");
    join(bob, b, carol, "member");
    String[] pending = invite(bob, b, newEmail(), "member");
    Account mallory = account();
    String a = create(mallory, "Mallory's");
    String before = state(bob, b);

    for (String[] route : routesOf(b, carol.id, pending[0])) {
      assertProblem(call(route[0], route[1], route[2], mallory), 404, "organization_not_found");
    }
    // B's member and invitation named through A, where mallory is the owner: not A's.
    assertProblem(
        call("PATCH", "/" + a + "/members/" + carol.id + "/", json("role", "owner"), mallory),
        404,
        "user_not_found");
    assertProblem(
        call("DELETE", "/" + a + "/members/" + carol.id + "/", null, mallory),
        404,
        "user_not_found");
    assertProblem(
        call("DELETE", "/" + a + "/invitations/" + pending[0] + "/", null, mallory),
        400,
        "invalid_link");
    assertProblem(
        call("POST", "/" + a + "/invitations/" + pending[0] + "/resend/", null, mallory),
        400,
        "invalid_link");
    // The pending invitation's token is for another address.
    assertProblem(
        call("POST", "/invitations/accept/", json("token", pending[1]), mallory),
        400,
        "invalid_link");
    assertThat(state(bob, b)).isEqualTo(before);
    assertThat(call("GET", "/", null, mallory).raw().body()).doesNotContain(b);
    assertThat(call("GET", "/", null, carol).json().size()).isEqualTo(1);
  }

  /** The claims of an access token, as its payload says. */
  static JsonNode claims(String access) {
    String payload =
        new String(
            java.util.Base64.getUrlDecoder().decode(access.split("\\.")[1]),
            java.nio.charset.StandardCharsets.UTF_8);
    return tools.jackson.databind.json.JsonMapper.builder().build().readTree(payload);
  }

  Reply refresh(String refreshToken) throws Exception {
    Reply r = http.post(base() + "/token/refresh/", json("refresh", refreshToken));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r;
  }

  @Test
  void aSwitchCarriesTheOrganisationInTheTokensUntilTheMemberIsRemoved() throws Exception {
    Account bob = account();
    Account carol = account();
    String org = create(bob, "Bobs");
    join(bob, org, carol, "admin");

    Reply switched = call("POST", "/" + org + "/switch/", null, carol);
    assertThat(switched.status()).as(switched.raw().body()).isEqualTo(200);
    assertThat(claims(switched.text("access")).get("org_id").asString()).isEqualTo(org);
    assertThat(claims(switched.text("access")).get("org_role").asString()).isEqualTo("admin");
    Reply refreshed = refresh(switched.text("refresh"));
    assertThat(claims(refreshed.text("access")).get("org_id").asString()).isEqualTo(org);

    assertThat(call("DELETE", "/" + org + "/members/" + carol.id + "/", null, bob).status())
        .isEqualTo(200);
    Reply after = refresh(refreshed.text("refresh"));
    assertThat(claims(after.text("access")).has("org_id")).isFalse();
    assertThat(claims(after.text("access")).has("org_role")).isFalse();

    // Back in, switched, then cleared: the session acts for no organisation.
    join(bob, org, carol, "member");
    Account again = new Account(carol.email, carol.id, after.text("access"));
    Reply in = call("POST", "/" + org + "/switch/", null, again);
    assertThat(claims(in.text("access")).get("org_role").asString()).isEqualTo("member");
    Reply cleared =
        call("DELETE", "/active/", null, new Account(carol.email, carol.id, in.text("access")));
    assertThat(cleared.status()).as(cleared.raw().body()).isEqualTo(200);
    assertThat(claims(cleared.text("access")).has("org_id")).isFalse();
    assertThat(claims(refresh(cleared.text("refresh")).text("access")).has("org_id")).isFalse();
  }

  @Test
  void anAnonymousCallerIsAskedForATokenOnEveryRouteButTheSignUp() throws Exception {
    Account bob = account();
    String b = create(bob, "Bobs");
    String[] pending = invite(bob, b, newEmail(), "member");
    String before = state(bob, b);
    List<String[]> routes = new ArrayList<>(routesOf(b, bob.id, pending[0]));
    routes.add(new String[] {"GET", "/", null});
    routes.add(new String[] {"POST", "/", json("name", "X", "slug", "x-" + System.nanoTime())});
    routes.add(new String[] {"POST", "/invitations/accept/", json("token", pending[1])});
    routes.add(new String[] {"GET", "/joinable/", null});
    for (String[] route : routes) {
      assertProblem(call(route[0], route[1], route[2], null), 401, "unauthorized");
      Reply forged = http.send(route[0], base() + "/organizations" + route[1], route[2], "forged");
      assertProblem(forged, 401, "invalid_token");
    }
    assertThat(state(bob, b)).isEqualTo(before);
  }

  @Test
  void aMemberWithoutThePermissionIsForbiddenAndChangesNothing() throws Exception {
    Account bob = account();
    Account carol = account();
    Account dave = account();
    String b = create(bob, "Bobs");
    join(bob, b, carol, "member");
    join(bob, b, dave, "admin");
    String[] pending = invite(bob, b, newEmail(), "member");
    String before = state(bob, b);
    // A member reads the organisation and its members, and may only leave or act for it.
    assertThat(call("GET", "/" + b + "/", null, carol).status()).isEqualTo(200);
    assertThat(call("GET", "/" + b + "/members/", null, carol).status()).isEqualTo(200);
    for (String[] route : routesOf(b, dave.id, pending[0])) {
      boolean readable =
          route[1].equals("/" + b + "/")
              || route[1].equals("/" + b + "/members/")
              || route[1].equals("/" + b + "/policy/");
      if (route[0].equals("GET") && readable
          || route[1].endsWith("/leave/")
          || route[1].equals("/" + b + "/join/")
          || route[1].endsWith("/switch/")) {
        continue;
      }
      assertProblem(call(route[0], route[1], route[2], carol), 403, "forbidden");
    }
    // An admin may not touch an owner nor make one, nor delete the organisation.
    assertProblem(
        call("PATCH", "/" + b + "/members/" + bob.id + "/", json("role", "member"), dave),
        403,
        "forbidden");
    assertProblem(
        call("PATCH", "/" + b + "/members/" + carol.id + "/", json("role", "owner"), dave),
        403,
        "forbidden");
    assertProblem(
        call("DELETE", "/" + b + "/members/" + bob.id + "/", null, dave), 403, "forbidden");
    assertProblem(call("DELETE", "/" + b + "/", null, dave), 403, "forbidden");
    assertProblem(
        call("POST", "/" + b + "/invitations/", json("email", newEmail(), "role", "owner"), dave),
        403,
        "forbidden");
    assertThat(state(bob, b)).isEqualTo(before);
  }

  @Test
  void twoConcurrentAcceptsOfOneInvitationMakeOneMembership() throws Exception {
    Account alice = account();
    Account bob = account();
    String org = create(alice, "Acme");
    String token = invite(alice, org, bob.email, "member")[1];
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Reply>> accepts = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        accepts.add(
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return call("POST", "/invitations/accept/", json("token", token), bob);
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Reply> f : accepts) {
        Reply r = f.get(30, TimeUnit.SECONDS);
        statuses.add(r.status());
        if (r.status() != 200) {
          assertProblem(r, 400, "invalid_link");
        }
      }
      assertThat(statuses).containsExactlyInAnyOrder(200, 400);
    } finally {
      pool.shutdownNow();
    }
    JsonNode members = call("GET", "/" + org + "/members/", null, alice).json();
    assertThat(members.size()).isEqualTo(2);
    assertThat(members.findValuesAsString("user")).containsExactlyInAnyOrder(alice.id, bob.id);
  }

  // ---- the organisation's own sign-in (item 5) ------------------------------------------------

  /** Registers and confirms an account of the address over HTTP. */
  void confirmed(String address) throws Exception {
    assertThat(
            http.post(base() + "/register/", json("email", address, "password", PASSWORD)).status())
        .isEqualTo(201);
    String token = tokenIn(mailTo(address).orElseThrow());
    assertThat(
            http.post(base() + "/registration/account-confirmation-email/", json("token", token))
                .status())
        .isEqualTo(200);
  }

  /** A new domain of the owner's organisation, verified over HTTP with the published challenge. */
  String verifiedDomain(Account owner, String org) throws Exception {
    String domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    Reply added = call("POST", "/" + org + "/domains/", json("domain", domain), owner);
    assertThat(added.status()).as(added.raw().body()).isEqualTo(201);
    assertThat(added.text("record_name")).isEqualTo("_gatehouse-challenge." + domain);
    assertProblem(
        call("POST", "/" + org + "/domains/" + domain + "/verify/", null, owner),
        400,
        "domain_not_verified");
    TestHost.DNS.put(domain, added.text("challenge"));
    Reply verified = call("POST", "/" + org + "/domains/" + domain + "/verify/", null, owner);
    assertThat(verified.status()).as(verified.raw().body()).isEqualTo(200);
    assertThat(verified.json().get("verified").asBoolean()).isTrue();
    return domain;
  }

  Reply configure(Account owner, String org, LocalIdp idp, String domain, boolean required)
      throws Exception {
    return call(
        "PUT",
        "/" + org + "/sso/",
        Http.JSON.writeValueAsString(
            java.util.Map.of(
                "issuer", idp.issuer,
                "client_id", idp.clientId,
                "client_secret", idp.clientSecret,
                "domains", List.of(domain),
                "required", required)),
        owner);
  }

  /** The email-first sign-in as a browser runs it: start, the provider, the callback. */
  Reply ssoSignIn(String email, boolean withCookie) throws Exception {
    Reply start = call("POST", "/sso/start/", json("email", email), null);
    assertThat(start.status()).as(start.raw().body()).isEqualTo(200);
    String cookie = start.header("Set-Cookie").split(";")[0];
    java.util.Map<String, String> callback =
        LocalIdp.browse(java.net.URI.create(start.text("authorization_url")));
    String path =
        "/sso/callback/?code="
            + callback.get("code")
            + "&state="
            + java.net.URLEncoder.encode(
                callback.get("state"), java.nio.charset.StandardCharsets.UTF_8);
    return withCookie
        ? http.send("GET", base() + "/organizations" + path, null, null, "Cookie", cookie)
        : call("GET", path, null, null);
  }

  @Test
  void anOrganisationsOwnSignInSignsANewAddressUpAsAMemberAndCanBeRequired() throws Exception {
    Account alice = account();
    String org = create(alice, "Acme");
    String domain = verifiedDomain(alice, org);
    try (LocalIdp idp = new LocalIdp("acme-app", "acme-secret-" + UUID.randomUUID(), clock)) {
      Reply configured = configure(alice, org, idp, domain, false);
      assertThat(configured.status()).as(configured.raw().body()).isEqualTo(200);
      assertThat(configured.raw().body()).doesNotContain(idp.clientSecret);
      assertThat(call("GET", "/" + org + "/sso/", null, alice).raw().body())
          .contains(idp.issuer)
          .doesNotContain(idp.clientSecret);

      String bob = "bob@" + domain;
      idp.email = bob;
      Reply in = ssoSignIn(bob, true);
      assertThat(in.status()).as(in.raw().body()).isEqualTo(200);
      Account bobs = new Account(bob, in.json().at("/user/id").asString(), in.text("access"));
      Reply mine = call("GET", "/", null, bobs);
      assertThat(mine.json().get(0).get("id").asString()).isEqualTo(org);
      assertThat(mine.json().get(0).get("role").asString()).isEqualTo("member");

      // A callback planted in a browser that did not start the sign-in is refused.
      assertProblem(ssoSignIn(bob, false), 400, "invalid_state");

      // Required: the password of an address of the domain is refused, with the way to go.
      String carol = "carol@" + domain;
      confirmed(carol);
      assertThat(configure(alice, org, idp, domain, true).status()).isEqualTo(200);
      assertProblem(
          http.post(base() + "/login/basic/", json("email", carol, "password", PASSWORD)),
          403,
          "organization_sign_in_required");
      idp.email = carol;
      assertThat(ssoSignIn(carol, true).status()).isEqualTo(200);
    }
  }

  @Test
  void anotherOrganisationsProviderCannotSignInThisOnesAddresses() throws Exception {
    Account alice = account();
    String acme = create(alice, "Acme");
    String acmeDomain = verifiedDomain(alice, acme);
    Account mallory = account();
    String evil = create(mallory, "Evil");
    String evilDomain = verifiedDomain(mallory, evil);
    try (LocalIdp idp = new LocalIdp("evil-app", "evil-secret", clock)) {
      assertProblem(configure(mallory, evil, idp, acmeDomain, false), 400, "domain_not_verified");
      assertThat(configure(mallory, evil, idp, evilDomain, false).status()).isEqualTo(200);
      String victim = "victim@" + acmeDomain;
      confirmed(victim);
      idp.email = victim;
      assertProblem(ssoSignIn("someone@" + evilDomain, true), 400, "invalid_id_token");
      assertProblem(
          call("POST", "/sso/start/", json("email", victim), null), 400, "unknown_provider");
    }
  }

  @Test
  void aPolicyKeepsASessionWithoutASecondFactorOutOfTheOrganisation() throws Exception {
    Account alice = account();
    String org = create(alice, "Acme");
    Reply set =
        call(
            "PUT",
            "/" + org + "/policy/",
            "{\"second_factor_required\":true,\"sign_in_methods\":[\"pwd\"],"
                + "\"session_lifetime_seconds\":3600}",
            alice);
    assertThat(set.status()).as(set.raw().body()).isEqualTo(200);
    assertThat(set.json().get("second_factor_required").asBoolean()).isTrue();
    assertThat(set.json().get("session_lifetime_seconds").asLong()).isEqualTo(3600);
    assertProblem(call("POST", "/" + org + "/switch/", null, alice), 403, "organization_policy");
    assertProblem(
        call("PUT", "/" + org + "/policy/", "{\"session_lifetime_seconds\":1}", alice),
        400,
        "invalid_settings");
    Reply cleared = call("PUT", "/" + org + "/policy/", "{}", alice);
    assertThat(cleared.status()).isEqualTo(200);
    Reply in = call("POST", "/" + org + "/switch/", null, alice);
    assertThat(in.status()).as(in.raw().body()).isEqualTo(200);
    assertThat(claims(in.text("access")).get("org_id").asString()).isEqualTo(org);
  }

  // ---- joining by a verified domain (item 3) --------------------------------------------------

  @Test
  void aVerifiedAddressJoinsByItsOrganisationsVerifiedDomainAndAnAttackerDoesNot()
      throws Exception {
    Account alice = account();
    String acme = create(alice, "Acme");
    String domain = verifiedDomain(alice, acme);
    Account mallory = account();
    String globex = create(mallory, "Globex");
    String malloryDomain = verifiedDomain(mallory, globex);

    // Not allowed yet: a verified address of the domain finds nothing and joins nothing.
    confirmed("bob@" + domain);
    Account bob = signIn("bob@" + domain);
    assertThat(call("GET", "/joinable/", null, bob).json().size()).isZero();
    assertProblem(call("POST", "/" + acme + "/join/", null, bob), 404, "organization_not_found");

    // An unverified domain cannot be opened; the owner opens the verified one.
    Reply claimed =
        call("POST", "/" + acme + "/domains/", json("domain", "unproven.example"), alice);
    assertThat(claimed.status()).isEqualTo(201);
    assertProblem(
        call("PUT", "/" + acme + "/domains/unproven.example/join/", "{\"allowed\":true}", alice),
        400,
        "domain_not_verified");
    assertProblem(
        call("PUT", "/" + acme + "/domains/" + domain + "/join/", "{}", alice),
        400,
        "missing_field");
    Reply opened =
        call("PUT", "/" + acme + "/domains/" + domain + "/join/", "{\"allowed\":true}", alice);
    assertThat(opened.status()).as(opened.raw().body()).isEqualTo(200);
    assertThat(opened.json().get("join_allowed").asBoolean()).isTrue();

    Reply joinable = call("GET", "/joinable/", null, bob);
    assertThat(joinable.json().findValuesAsString("id")).containsExactly(acme);
    Reply joined = call("POST", "/" + acme + "/join/", null, bob);
    assertThat(joined.status()).as(joined.raw().body()).isEqualTo(200);
    assertThat(joined.text("role")).isEqualTo("member");
    assertThat(joined.text("user")).isEqualTo(bob.id);
    assertThat(call("GET", "/joinable/", null, bob).json().size()).isZero();
    assertThat(call("POST", "/" + acme + "/join/", null, bob).status()).isEqualTo(200);

    // The attacker's tries: another organisation's domain, an address of no organisation's
    // domain, a look-alike, and an address never confirmed (which gets no token at all).
    String before = state(alice, acme);
    confirmed("eve@" + malloryDomain);
    Account eve = signIn("eve@" + malloryDomain);
    confirmed("eve@evil" + domain);
    Account lookAlike = signIn("eve@evil" + domain);
    for (Account a : List.of(eve, lookAlike, account())) {
      assertProblem(call("POST", "/" + acme + "/join/", null, a), 404, "organization_not_found");
    }
    // Nor through the other organisation, whose domain is not opened.
    assertProblem(call("POST", "/" + globex + "/join/", null, eve), 404, "organization_not_found");
    String unconfirmed = "carol@" + domain;
    assertThat(
            http.post(base() + "/register/", json("email", unconfirmed, "password", PASSWORD))
                .status())
        .isEqualTo(201);
    assertProblem(
        http.post(base() + "/login/basic/", json("email", unconfirmed, "password", PASSWORD)),
        403,
        "account_not_verified");
    assertThat(state(alice, acme)).isEqualTo(before);
    assertThat(call("GET", "/" + acme + "/members/", null, alice).json().findValuesAsString("user"))
        .containsExactlyInAnyOrder(alice.id, bob.id);

    // Closed again: the member stays, a newcomer does not join.
    call("PUT", "/" + acme + "/domains/" + domain + "/join/", "{\"allowed\":false}", alice);
    confirmed("dave@" + domain);
    assertProblem(
        call("POST", "/" + acme + "/join/", null, signIn("dave@" + domain)),
        404,
        "organization_not_found");
    assertThat(call("GET", "/" + acme + "/", null, bob).status()).isEqualTo(200);
  }
}
