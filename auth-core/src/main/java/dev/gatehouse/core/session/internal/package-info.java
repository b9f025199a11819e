/**
 * import dev.gatehouse.core.session.SignInResult; The sign-in pipeline every sign-in goes through:
 * a credential check proves who signs in, then the pipeline checks the account, starts the session
 * or asks for the second step, records the login and publishes its events, and answers one {@link
 * dev.gatehouse.core.session.SignInResult}. Internal: not API, may change without notice.
 */
package dev.gatehouse.core.session.internal;
