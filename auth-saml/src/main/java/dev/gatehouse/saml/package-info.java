/**
 * Organisations sign in through their SAML 2.0 identity provider ({@code auth-saml}): a service
 * provider per organisation, beside {@code auth-organizations}' OpenID Connect sign-in and under
 * the same rules ({@link dev.gatehouse.organizations.OrganizationProtocolSignIn}). Installed with
 * {@link dev.gatehouse.saml.Saml}, its service {@link dev.gatehouse.saml.SamlSignIn}.
 */
@NullMarked
package dev.gatehouse.saml;

import org.jspecify.annotations.NullMarked;
