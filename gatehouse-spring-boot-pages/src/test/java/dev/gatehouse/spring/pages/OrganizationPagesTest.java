package dev.gatehouse.spring.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.organizations.Invitation;
import dev.gatehouse.organizations.Organization;
import dev.gatehouse.organizations.OrganizationRole;
import dev.gatehouse.organizations.OrganizationService;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The organisations' pages in headless Chromium: the invitation's link signs the invitee up or in
 * and accepts; a used, revoked or expired invitation says so; the active organisation switches. And
 * as an attacker: another account's invitation, a form without its CSRF token, a switch form edited
 * to name an organisation of others.
 */
@OneDatabase(
    "what the pages show and do in a browser; the organisations' flows are tested per database")
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class OrganizationPagesTest extends ModulePagesTestBase {
  @Parameter DatabaseKind kind;

  private static OrganizationService orgs() {
    return b.gatehouse().feature(OrganizationService.class);
  }

  /** An organisation owned by a fresh account; its owner's id is {@code owner[0]}. */
  private static Organization organization(String slug, UUID[] owner) {
    owner[0] = b.confirmedAccount(ModulePagesBrowser.newEmail("owner"));
    return orgs().create(owner[0], "Org " + slug, slug);
  }

  private static String invite(UUID owner, Organization org, String email) {
    orgs().invite(owner, org.id(), email, OrganizationRole.MEMBER);
    return b.emailedLink(email);
  }

  private static String slug(String what) {
    return what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void anInviteeWithoutAnAccountSignsUpFromTheLinkJoinsAndSwitchesToTheOrganisation() {
    UUID[] owner = new UUID[1];
    Organization org = organization(slug("acme"), owner);
    String invitee = ModulePagesBrowser.newEmail("invitee");
    b.open(invite(owner[0], org, invitee));
    // The token leaves the address bar at once; nothing is accepted on GET.
    assertThat(b.path()).isEqualTo("/organizations/invitation");
    assertThat(b.browser.getCurrentUrl()).doesNotContain("token");
    assertThat(b.gatehouse().accounts().findByEmail(invitee)).isEmpty();
    chromium.keep("organizations-invitation");

    b.press("sign-up");
    assertThat(b.path()).isEqualTo("/account/organizations/");
    assertThat(b.text("notice")).isEqualTo("Welcome: you are now a member.");
    UUID id = b.gatehouse().accounts().findByEmail(invitee).orElseThrow().id();
    assertThat(orgs().memberships(id))
        .singleElement()
        .extracting(m -> m.organization())
        .isEqualTo(org.id());

    b.press("switch-" + org.slug());
    assertThat(b.text("notice")).startsWith("Done: this session acts for");
    assertThat(b.text("org-" + org.slug())).contains("You act for this organisation");
    chromium.keep("organizations-switch");
    b.press("switch-none");
    assertThat(b.text("org-" + org.slug())).doesNotContain("You act for this organisation");
  }

  @Test
  void anAccountThatExistsLogsInFromTheInvitationAndComesBackToAccept() {
    UUID[] owner = new UUID[1];
    Organization org = organization(slug("beta"), owner);
    String member = ModulePagesBrowser.newEmail("member");
    UUID id = b.confirmedAccount(member);
    b.open(invite(owner[0], org, member));
    b.press("sign-up");
    assertThat(b.text("form-error")).startsWith("An account already uses the invited address");
    b.press("log-in");
    b.type("identifier", member);
    b.type("password", ModulePagesBrowser.PASSWORD);
    b.press("submit");
    // Signed in, back at the invitation: accepting is a button of its own.
    assertThat(b.path()).isEqualTo("/organizations/invitation");
    assertThat(orgs().memberships(id)).isEmpty();
    b.press("accept");
    assertThat(b.text("message")).isEqualTo("You are now a member of " + org.name() + ".");
    assertThat(orgs().memberships(id)).hasSize(1);

    // The same link again: used.
    b.open(b.emailedLink(member));
    b.press("accept");
    assertThat(b.text("message")).startsWith("The invitation was already used");
    assertThat(orgs().memberships(id)).hasSize(1);
  }

  @Test
  void staffImpersonatingTheInviteeCannotAcceptTheirInvitation() {
    UUID[] owner = new UUID[1];
    Organization org = organization(slug("delta"), owner);
    String helped = ModulePagesBrowser.newEmail("helped");
    UUID id = b.confirmedAccount(helped);
    String link = invite(owner[0], org, helped);
    String staff = ModulePagesBrowser.newEmail("staff");
    b.makeStaff(b.confirmedAccount(staff), true);
    b.logIn(staff);
    b.open("/staff/users/" + id + "/");
    b.type("impersonate-reason", "ticket 4712: an invitation");
    b.press("impersonate");
    assertThat(b.path()).isEqualTo("/signed-in/");
    b.open(link);
    b.press("accept");
    assertThat(b.text("form-error"))
        .isEqualTo("While you act for this account you may look, not change it.");
    assertThat(orgs().memberships(id)).isEmpty();
  }

  @Test
  void aRevokedOrExpiredInvitationSaysSoAndMakesNoAccount() {
    UUID[] owner = new UUID[1];
    Organization org = organization(slug("gamma"), owner);
    String revoked = ModulePagesBrowser.newEmail("revoked");
    String link = invite(owner[0], org, revoked);
    Invitation sent = orgs().invitations(owner[0], org.id()).get(0);
    orgs().revoke(owner[0], org.id(), sent.id());
    b.open(link);
    b.press("sign-up");
    assertThat(b.text("message")).startsWith("The invitation was already used, was revoked");
    assertThat(b.gatehouse().accounts().findByEmail(revoked)).isEmpty();

    String late = ModulePagesBrowser.newEmail("late");
    String lateLink = invite(owner[0], org, late);
    app.bean(MutableClock.class).advance(Duration.ofDays(8));
    b.browser.manage().deleteAllCookies();
    b.open(lateLink);
    b.press("sign-up");
    assertThat(b.text("message")).startsWith("The invitation was already used, was revoked");
    assertThat(b.gatehouse().accounts().findByEmail(late)).isEmpty();
  }

  @Test
  void anotherAccountsInvitationIsRefusedAndStaysUsableByItsInvitee() {
    UUID[] owner = new UUID[1];
    Organization org = organization(slug("delta"), owner);
    String victim = ModulePagesBrowser.newEmail("victim");
    String link = invite(owner[0], org, victim);
    UUID mallory = b.confirmedAccount(ModulePagesBrowser.newEmail("mallory"));

    // Mallory got hold of the link and opens it signed in as herself.
    b.logIn(b.gatehouse().accounts().find(mallory).orElseThrow().email());
    b.open(link);
    b.press("accept");
    assertThat(b.text("message")).contains("sent to another address");
    assertThat(orgs().memberships(mallory)).isEmpty();

    // The victim's link still works for the victim.
    b.browser.manage().deleteAllCookies();
    b.open(link);
    b.press("sign-up");
    assertThat(b.path()).isEqualTo("/account/organizations/");
    UUID id = b.gatehouse().accounts().findByEmail(victim).orElseThrow().id();
    assertThat(orgs().memberships(id)).hasSize(1);
  }

  @Test
  void aFormWithoutItsCsrfTokenAndASwitchToAnotherOrganisationChangeNothing() {
    UUID[] owner = new UUID[1];
    Organization org = organization(slug("eps"), owner);
    Organization others = organization(slug("others"), new UUID[1]);
    String member = ModulePagesBrowser.newEmail("csrf");
    UUID id = b.confirmedAccount(member);
    b.logIn(member);
    b.open(invite(owner[0], org, member));
    b.dropCsrfTokens();
    b.press("accept");
    assertThat(b.text("message")).contains("did not come from this site");
    assertThat(orgs().memberships(id)).isEmpty();

    b.open("/organizations/invitation");
    b.press("accept");
    assertThat(orgs().memberships(id)).hasSize(1);

    // The switch form, edited to name an organisation the member is not in: refused, no claim.
    b.open("/account/organizations/");
    b.browser.executeScript(
        "document.querySelector('input[name=organization]').value = arguments[0]",
        others.id().toString());
    b.press("switch-" + org.slug());
    assertThat(b.text("form-error")).isEqualTo("You are not a member of this organisation.");
    assertThat(b.text("org-" + org.slug())).doesNotContain("You act for this organisation");
    b.browser.executeScript(
        "document.querySelector('input[name=organization]').value = 'not-an-id'");
    b.press("switch-" + org.slug());
    assertThat(b.text("form-error")).isEqualTo("You are not a member of this organisation.");
  }
}
