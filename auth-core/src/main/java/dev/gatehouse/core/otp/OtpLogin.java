package dev.gatehouse.core.otp;

import dev.gatehouse.core.session.TokenPair;
import java.util.UUID;

/**
 * The outcome of {@link OtpService#loginWithCode}: a new session for the owner of the destination.
 *
 * @param tokens the access and refresh tokens of the new session
 * @param userId the public id of the user who logged in
 * @param created whether the account was created by this login (sign-up by code)
 */
public record OtpLogin(TokenPair tokens, UUID userId, boolean created) {}
