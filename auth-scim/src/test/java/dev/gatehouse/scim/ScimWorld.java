package dev.gatehouse.scim;

import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.signedIn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.organizations.InMemoryOrganizationStore;
import dev.gatehouse.organizations.Organization;
import dev.gatehouse.organizations.OrganizationService;
import dev.gatehouse.organizations.OrganizationSignIn;
import dev.gatehouse.organizations.OrganizationStore;
import dev.gatehouse.organizations.Organizations;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;

/**
 * One organisation with a verified domain, its owner signed in and its directory token issued, on a
 * Gatehouse of one store kind (the in-memory store, H2, and PostgreSQL and MariaDB when configured,
 * migrated with the organisations module's changelog and {@link Scim#CHANGELOG}); and a directory
 * client that sends SCIM requests as Entra ID and Okta send them.
 */
final class ScimWorld {
  static final String MEMORY = "memory";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger NETWORKS = new AtomicInteger();

  /** The store kinds, for {@code @ArgumentsSource}. */
  static final class Kinds implements ArgumentsProvider {
    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
      List<String> kinds = new ArrayList<>(List.of(MEMORY));
      TestDatabase.enabledKinds().forEach(k -> kinds.add(k.name().toLowerCase()));
      return kinds.stream().map(Arguments::of);
    }
  }

  /** One store per kind for a test class; closed in {@code @AfterAll}. */
  static final class Stores implements AutoCloseable {
    private final Map<String, StoreFixture> fixtures = new HashMap<>();
    private final Map<String, OrganizationStore> stores = new HashMap<>();

    synchronized GatehouseFixture gatehouse(String kind) {
      return gatehouse(kind, c -> c);
    }

    synchronized GatehouseFixture gatehouse(
        String kind, UnaryOperator<GatehouseConfig.Builder> tweak) {
      StoreFixture db =
          fixtures.computeIfAbsent(
              kind,
              k -> {
                if (k.equals(MEMORY)) {
                  stores.put(k, new InMemoryOrganizationStore());
                  return new StoreFixture(new InMemoryAuthStore());
                }
                stores.put(k, OrganizationStore.jdbc());
                return JpaFixture.withModules(
                    DatabaseKind.valueOf(k.toUpperCase()), Organizations.CHANGELOG, Scim.CHANGELOG);
              });
      GatehouseFixture g =
          new GatehouseFixture(
              db,
              tweak,
              b ->
                  b.install(new Scim())
                      .install(
                          Organizations.builder()
                              .store(stores.get(kind))
                              .domainVerifier((domain, challenge) -> true)
                              .build()));
      g.clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
      return g;
    }

    @Override
    public synchronized void close() {
      fixtures.values().forEach(StoreFixture::close);
      fixtures.clear();
    }
  }

  /** An answer, its body read. */
  record Answer(int status, JsonNode body, ScimResponse raw) {
    String scimType() {
      return body.path("scimType").asText(null);
    }
  }

  final GatehouseFixture g;
  final String ownerEmail;
  final UUID owner;
  final VerifiedAccessToken ownerToken;
  final Organization org;
  final String domain;
  final ScimDirectory scim;
  final ClientInfo client = client();
  String token;

  ScimWorld(Stores stores, String kind) {
    this(stores, kind, c -> c);
  }

  ScimWorld(Stores stores, String kind, UnaryOperator<GatehouseConfig.Builder> tweak) {
    g = stores.gatehouse(kind, tweak);
    String tag = UUID.randomUUID().toString().substring(0, 8);
    ownerEmail = "owner-" + tag + "@example.test";
    owner = confirmed(g, ownerEmail);
    ownerToken = signedIn(g, ownerEmail, client());
    org = g.gatehouse.feature(OrganizationService.class).create(owner, "Acme", "acme-" + tag);
    domain = "d" + tag + ".example";
    OrganizationSignIn sso = g.gatehouse.feature(OrganizationSignIn.class);
    sso.addDomain(owner, org.id(), domain);
    sso.verifyDomain(owner, org.id(), domain);
    scim = g.gatehouse.feature(ScimDirectory.class);
    token = scim.issueToken(ownerToken, org.id()).token();
  }

  /** A client of a network of its own: one test's requests do not add up to a limit. */
  static ClientInfo client() {
    return ClientInfo.web("198.51.100." + (NETWORKS.getAndIncrement() % 250 + 1));
  }

  Answer send(String method, String path, Map<String, String> query, String body) {
    return sendAs("Bearer " + token, method, "/" + org.id() + path, query, body);
  }

  Answer send(String method, String path, String body) {
    return send(method, path, Map.of(), body);
  }

  Answer get(String path) {
    return send("GET", path, "");
  }

  Answer list(String filter) {
    return send("GET", "/Users", Map.of("filter", filter), "");
  }

  Answer sendAs(
      String authorization, String method, String path, Map<String, String> query, String body) {
    return sendFrom(client, authorization, method, path, query, body);
  }

  Answer sendFrom(
      ClientInfo from,
      String authorization,
      String method,
      String path,
      Map<String, String> query,
      String body) {
    ScimResponse r = scim.handle(new ScimRequest(method, path, query, authorization, body, from));
    try {
      return new Answer(
          r.status(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()), r);
    } catch (Exception e) {
      throw new AssertionError(r.body(), e);
    }
  }

  /** Entra ID's create: a work address, a name, an external id. */
  Answer create(String userName, String email) {
    return send(
        "POST",
        "/Users",
        """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
         "externalId":"%s","userName":"%s","active":true,
         "emails":[{"primary":true,"type":"work","value":"%s"}],
         "name":{"givenName":"Ada","familyName":"Lovelace"},"displayName":"Ada Lovelace"}
        """
            .formatted("ext-" + userName, userName, email));
  }

  static String patch(String operations) {
    return """
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[%s]}
        """
        .formatted(operations);
  }
}
