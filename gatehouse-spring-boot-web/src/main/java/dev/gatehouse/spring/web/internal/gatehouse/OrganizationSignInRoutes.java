package dev.gatehouse.spring.web.internal.gatehouse;

import dev.gatehouse.spring.web.internal.organizations.OrganizationSignInController;
import java.util.List;

/**
 * The contract's routes of organisations' email domains and their own sign-in, in document order:
 * those of {@link OrganizationSignInController}, served when {@code auth-organizations} is on the
 * class path.
 */
final class OrganizationSignInRoutes {
  static final List<ContractRoutes.Route> ROUTES =
      List.of(
          ContractRoutes.r(
              "get",
              "/organizations/{organization}/domains/",
              "listOrganizationDomains",
              "The organisation's email domains, verified or not (the owner's)",
              true,
              null,
              200,
              "OrganizationDomains",
              401,
              403,
              404),
          ContractRoutes.r(
              "post",
              "/organizations/{organization}/domains/",
              "addOrganizationDomain",
              "Claim an email domain; publish its challenge as a TXT record at its record_name",
              true,
              "OrganizationDomainCreate",
              201,
              "OrganizationDomain",
              400,
              401,
              403,
              404),
          ContractRoutes.r(
              "post",
              "/organizations/{organization}/domains/{domain}/verify/",
              "verifyOrganizationDomain",
              "Verify a claimed domain by its published challenge",
              true,
              null,
              200,
              "OrganizationDomain",
              400,
              401,
              403,
              404,
              409),
          ContractRoutes.r(
              "delete",
              "/organizations/{organization}/domains/{domain}/",
              "removeOrganizationDomain",
              "Give up a domain: its addresses no longer sign in through the organisation",
              true,
              null,
              200,
              "Detail",
              400,
              401,
              403,
              404),
          ContractRoutes.r(
              "put",
              "/organizations/{organization}/domains/{domain}/join/",
              "allowOrganizationDomainJoin",
              "Let accounts whose verified address is of this verified domain join by themselves,"
                  + " or stop it (the owner's)",
              true,
              "OrganizationDomainJoin",
              200,
              "OrganizationDomain",
              400,
              401,
              403,
              404),
          ContractRoutes.r(
              "get",
              "/organizations/joinable/",
              "joinableOrganizations",
              "The organisation the caller may join by its verified address's domain (none or one)",
              true,
              null,
              200,
              "JoinableOrganizations",
              401),
          ContractRoutes.r(
              "post",
              "/organizations/{organization}/join/",
              "joinOrganizationByDomain",
              "Join as a member by the domain of the caller's verified address, when the"
                  + " organisation verified the domain and lets accounts join by it",
              true,
              null,
              200,
              "Member",
              401,
              403,
              404),
          ContractRoutes.r(
              "get",
              "/organizations/{organization}/sso/",
              "getOrganizationSignIn",
              "The organisation's identity provider, without its secret",
              true,
              null,
              200,
              "OrganizationSignIn",
              400,
              401,
              403,
              404),
          ContractRoutes.r(
              "put",
              "/organizations/{organization}/sso/",
              "configureOrganizationSignIn",
              "Register or replace the organisation's OpenID Connect provider for some of its"
                  + " verified domains, and whether it is required",
              true,
              "OrganizationSignInSettings",
              200,
              "OrganizationSignIn",
              400,
              401,
              403,
              404),
          ContractRoutes.r(
              "delete",
              "/organizations/{organization}/sso/",
              "removeOrganizationSignIn",
              "Remove the organisation's identity provider",
              true,
              null,
              200,
              "Detail",
              401,
              403,
              404),
          ContractRoutes.r(
              "get",
              "/organizations/{organization}/policy/",
              "getOrganizationPolicy",
              "What a session acting for the organisation must have (a member's read)",
              true,
              null,
              200,
              "OrganizationPolicy",
              401,
              404),
          ContractRoutes.r(
              "put",
              "/organizations/{organization}/policy/",
              "setOrganizationPolicy",
              "Set the organisation's policy: a second factor, the sign-in methods, a session"
                  + " lifetime; sessions acting for it under the earlier one stop at their next"
                  + " refresh",
              true,
              "OrganizationPolicy",
              200,
              "OrganizationPolicy",
              400,
              401,
              403,
              404),
          ContractRoutes.r(
              "post",
              "/organizations/sso/start/",
              "startOrganizationSignIn",
              "Email-first sign-in: the authorization URL of the organisation whose sign-in answers"
                  + " for the address's domain, and a cookie binding the sign-in to this browser",
              false,
              "OrganizationSignInStart",
              200,
              "OrganizationSignInRedirect",
              400,
              429,
              503),
          ContractRoutes.r(
              "get",
              "/organizations/sso/callback/",
              "organizationSignInCallback",
              "The organisation's provider's callback: checks the state against the browser's"
                  + " cookie, exchanges the code, signs in (creating the account and the"
                  + " membership on a first sign-in)",
              false,
              null,
              200,
              "LoginAnswer",
              400,
              403,
              503));

  private OrganizationSignInRoutes() {}
}
