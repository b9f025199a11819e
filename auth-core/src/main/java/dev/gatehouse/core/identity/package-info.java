/**
 * Normalisation and validation of the identifiers people log in with: phone numbers ({@link
 * dev.gatehouse.core.identity.PhoneNumbers}), email addresses ({@link
 * dev.gatehouse.core.identity.EmailAddresses}) and usernames ({@link
 * dev.gatehouse.core.identity.Usernames}), plus a guess of which one a login field holds ({@link
 * dev.gatehouse.core.identity.Identifiers}).
 *
 * <p>Every type here is immutable and thread-safe. Refused input always surfaces as a {@link
 * dev.gatehouse.core.error.AuthException.RejectedInputException} with a stable code ({@code
 * invalid_phone}, {@code phone_country_not_allowed}, {@code invalid_email}, {@code
 * invalid_username}, {@code invalid_identifier}), never as a {@code NullPointerException}, and its
 * message never repeats the whole input: identifiers are personal data and end up in logs.
 */
@NullMarked
package dev.gatehouse.core.identity;

import org.jspecify.annotations.NullMarked;
