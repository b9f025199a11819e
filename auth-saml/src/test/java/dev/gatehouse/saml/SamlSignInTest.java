package dev.gatehouse.saml;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.SignedIn;
import dev.gatehouse.organizations.OrganizationErrors;
import dev.gatehouse.organizations.OrganizationPolicy;
import dev.gatehouse.organizations.OrganizationService;
import dev.gatehouse.organizations.OrganizationSignIn;
import dev.gatehouse.saml.SamlSignIn.ProviderConnection;
import dev.gatehouse.saml.SamlSignIn.ProviderSettings;
import dev.gatehouse.saml.SamlSignIn.SamlRedirect;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * An organisation's sign-in through its SAML identity provider (issue 78), by the organisations'
 * rules: a member is made on the first sign-in, only the organisation's verified domains sign in,
 * the organisation's required sign-in refuses the password, and the request the browser kept must
 * be the one answered. On the in-memory store, H2, PostgreSQL and MariaDB.
 */
class SamlSignInTest {
  private static final SamlStores STORES = new SamlStores();

  @AfterAll
  static void close() {
    STORES.close();
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aSignedAssertionSignsInAnAddressOfTheDomainAndMakesAMember(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);
    String bob = "bob@" + w.domain;

    SignInResult in = w.signIn(bob);

    assertThat(in).isInstanceOf(SignedIn.class);
    SignedIn signed = (SignedIn) in;
    assertThat(signed.created()).isTrue();
    assertThat(signed.methods()).contains(OrganizationSignIn.METHOD);
    assertThat(
            w.g
                .gatehouse
                .feature(OrganizationService.class)
                .can(signed.userId(), w.org.id(), "organization.read"))
        .isTrue();
    // A second sign-in of the same address is the same account, a member once.
    SignedIn again = (SignedIn) w.signIn(bob);
    assertThat(again.userId()).isEqualTo(signed.userId());
    assertThat(again.created()).isFalse();
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anAssertionEncryptedToTheServiceProvidersKeySignsIn(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);

    SignInResult in =
        w.signIn("carol@" + w.domain, s -> s.encryptTo = SamlWorld.SP_KEY.certificate());

    assertThat(in).isInstanceOf(SignedIn.class);
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anAddressOutsideTheOrganisationsDomainsIsRefusedAndNothingIsWritten(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);
    SamlRedirect r = w.saml.start("dave@" + w.domain, SamlWorld.client());
    String other = "mallory@other-" + UUID.randomUUID().toString().substring(0, 6) + ".example";

    AuthException e =
        catchThrowableOfType(
            AuthException.class,
            () ->
                w.saml.complete(
                    w.org.id(),
                    SamlWorld.IDP.response(w.spec(other, r.requestId(), s -> {})),
                    r.requestId(),
                    SamlWorld.client()));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ID_TOKEN.code());
    assertThat(w.accountExists(other)).isFalse();
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aRequiredSamlSignInRefusesThePasswordOfItsDomain(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, true, false);
    String erin = "erin@" + w.domain;
    confirmed(w.g, erin);

    AuthException e =
        catchThrowableOfType(
            AuthException.class,
            () ->
                w.g
                    .gatehouse
                    .accounts()
                    .login(new LoginRequest(erin, PASSWORD, SamlWorld.client())));

    assertThat(e.code()).isEqualTo(OrganizationErrors.ORGANIZATION_SIGN_IN_REQUIRED.code());
    assertThat(w.signIn(erin)).isInstanceOf(SignedIn.class);
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void theResponseMustAnswerTheRequestTheBrowserKept(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);
    String frank = "frank@" + w.domain;
    SamlRedirect mine = w.saml.start(frank, SamlWorld.client());
    SamlRedirect theirs = w.saml.start(frank, SamlWorld.client());

    AuthException e =
        catchThrowableOfType(
            AuthException.class,
            () ->
                w.saml.complete(
                    w.org.id(),
                    SamlWorld.IDP.response(w.spec(frank, theirs.requestId(), s -> {})),
                    mine.requestId(),
                    SamlWorld.client()));

    assertThat(e.code()).isEqualTo(SamlErrors.SAML_RESPONSE_INVALID.code());
    assertThat(w.accountExists(frank)).isFalse();
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void theServiceProviderMetadataNamesTheEntityTheAcsAndTheEncryptionKey(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);

    String metadata = w.saml.serviceProviderMetadata(w.org.id());

    assertThat(metadata)
        .contains("entityID=\"" + w.spEntityId() + "\"")
        .contains("Location=\"" + w.acs() + "\"")
        .contains(TestIdp.base64(SamlWorld.SP_KEY.certificate()).substring(0, 60));
    ProviderConnection c = w.saml.connection(w.owner, w.org.id()).orElseThrow();
    assertThat(c.entityId()).isEqualTo(TestIdp.ENTITY_ID);
    assertThat(c.certificates())
        .containsExactly(IdpMetadata.fingerprint(SamlWorld.IDP.key.certificate()));
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void metadataWithADocumentTypeOrWithoutASigningKeyIsRefused(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);
    String withDoctype =
        "<!DOCTYPE md:EntityDescriptor SYSTEM \"http://127.0.0.1:9/x.dtd\">"
            + SamlWorld.IDP.metadata();
    String encryptionOnly =
        SamlWorld.IDP.metadata().replace("use=\"signing\"", "use=\"encryption\"");

    for (String metadata : new String[] {withDoctype, encryptionOnly}) {
      AuthException e =
          catchThrowableOfType(
              AuthException.class,
              () ->
                  w.saml.configure(
                      w.owner,
                      w.org.id(),
                      new ProviderSettings(metadata, Set.of(w.domain), false, null, false)));
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SETTINGS.code());
    }
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aPolicyWithoutTheOrganisationsSignInRefusesItAndARefusalIsInTheTrail(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);
    w.g
        .gatehouse
        .feature(OrganizationService.class)
        .setPolicy(w.owner, w.org.id(), new OrganizationPolicy(false, Set.of("pwd"), null));
    String gina = "gina@" + w.domain;

    AuthException e = catchThrowableOfType(AuthException.class, () -> w.signIn(gina));

    assertThat(e.code()).isEqualTo(OrganizationErrors.ORGANIZATION_POLICY.code());
    assertThat(w.accountExists(gina)).isFalse();
    // A refused response is kept too, as a failed sign-in of the organisation's method.
    catchThrowableOfType(
        AuthException.class, () -> w.signIn(gina, s -> s.audience = "https://elsewhere.test/"));
    assertThat(w.g.events)
        .filteredOn(
            ev ->
                ev instanceof AuthEvent.LoginFailed f
                    && f.method().equals(OrganizationSignIn.METHOD)
                    && f.reason().equals(SamlErrors.SAML_RESPONSE_INVALID.code()))
        .hasSize(1);
  }
}
