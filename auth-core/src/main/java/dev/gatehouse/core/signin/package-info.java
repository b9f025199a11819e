/**
 * The sign-in SPI: what a sign-in method needs from the core to live in a module of its own, as
 * Spring Security's {@code AuthenticationProvider} is what a way of authenticating needs from it. A
 * method proves who signs in with a {@link dev.gatehouse.core.session.CredentialCheck} and runs it
 * through {@link dev.gatehouse.core.session.ModuleSignIns#signIn}; it counts its attempts with the
 * one counter catalogue ({@link dev.gatehouse.core.signin.Counters}) and mails through the outbox
 * ({@link dev.gatehouse.core.signin.LinkMail}, {@link dev.gatehouse.core.signin.DeferredMail}). A
 * module installs it with {@link dev.gatehouse.core.Gatehouse.Builder#feature}.
 */
@NullMarked
package dev.gatehouse.core.signin;

import org.jspecify.annotations.NullMarked;
