package dev.gatehouse.saml;

import static dev.gatehouse.core.flows.account.AccountTests.confirmed;

import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.organizations.Organization;
import dev.gatehouse.organizations.OrganizationService;
import dev.gatehouse.organizations.OrganizationSignIn;
import dev.gatehouse.saml.SamlSignIn.ProviderSettings;
import dev.gatehouse.saml.SamlSignIn.SamlRedirect;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One organisation with a verified domain and the test identity provider registered as its SAML
 * sign-in, on a Gatehouse of one store kind; and the moves of a browser between them.
 */
final class SamlWorld {
  static final TestIdp IDP = new TestIdp();
  static final TestKeys.Pair SP_KEY = TestKeys.named("sp");
  private static final AtomicInteger NETWORKS = new AtomicInteger();

  final GatehouseFixture g;
  final UUID owner;
  final Organization org;
  final String domain;
  final SamlSignIn saml;

  SamlWorld(SamlStores stores, String kind, boolean required, boolean idpInitiated) {
    g =
        stores.gatehouse(
            kind,
            Saml.builder().serviceProviderKey(SP_KEY.privateKey(), SP_KEY.certificate()).build());
    String tag = UUID.randomUUID().toString().substring(0, 8);
    owner = confirmed(g, "owner-" + tag + "@example.test");
    org = g.gatehouse.feature(OrganizationService.class).create(owner, "Acme", "acme-" + tag);
    domain = "d" + tag + ".example";
    OrganizationSignIn sso = g.gatehouse.feature(OrganizationSignIn.class);
    sso.addDomain(owner, org.id(), domain);
    sso.verifyDomain(owner, org.id(), domain);
    String metadata = IDP.metadata();
    // snippet:start configure
    SamlSignIn saml = g.gatehouse.feature(SamlSignIn.class);
    saml.configure(
        owner,
        org.id(),
        new ProviderSettings(metadata, Set.of(domain), required, null, idpInitiated));
    String serviceProvider = saml.serviceProviderMetadata(org.id()); // for the organisation's IdP
    // snippet:end configure
    this.saml = saml;
    if (!serviceProvider.contains(spEntityId())) {
      throw new AssertionError(serviceProvider);
    }
  }

  String spEntityId() {
    return ServiceProvider.entityId(SamlStores.SERVICE_PROVIDER, org.id());
  }

  String acs() {
    return ServiceProvider.acs(SamlStores.SERVICE_PROVIDER, org.id());
  }

  /** A client of a network of its own: the sign-ins of one test do not add up to a limit. */
  static ClientInfo client() {
    return ClientInfo.web("198.51.100." + (NETWORKS.getAndIncrement() % 250 + 1));
  }

  /** A request's response for {@code email}, as the test provider makes it after {@code change}. */
  TestIdp.Spec spec(String email, @Nullable String inResponseTo, Consumer<TestIdp.Spec> change) {
    TestIdp.Spec s = IDP.spec(email, spEntityId(), acs(), inResponseTo, g.clock.instant());
    change.accept(s);
    return s;
  }

  /**
   * Starts a sign-in for {@code email} and posts the provider's response, changed by {@code
   * change}.
   */
  SignInResult signIn(String email, Consumer<TestIdp.Spec> change) {
    ClientInfo client = client();
    // snippet:start sign-in
    // send the browser to r.redirectUri(); keep r.requestId() with it (a cookie)
    SamlRedirect r = saml.start(email, client);
    // snippet:hide
    String samlResponse = IDP.response(spec(email, r.requestId(), change));
    // snippet:show
    SignInResult in = saml.complete(org.id(), samlResponse, r.requestId(), client); // at the ACS
    // snippet:end sign-in
    return in;
  }

  SignInResult signIn(String email) {
    return signIn(email, s -> {});
  }

  /** {@return whether an account holds the address} */
  boolean accountExists(String email) {
    return g.db.store.inTransaction(
        tx -> tx.users().findByEmail(EmailAddresses.canonical(email)).isPresent());
  }
}
