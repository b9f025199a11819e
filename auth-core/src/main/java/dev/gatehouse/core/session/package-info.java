/**
 * Sessions and what hangs off them: access-token verification, refresh-token rotation, logout and
 * the session list ({@link dev.gatehouse.core.session.SessionService}), a user's profiles ({@link
 * dev.gatehouse.core.session.ProfileService}) and devices ({@link
 * dev.gatehouse.core.session.DeviceService}), and the values they answer with.
 */
@NullMarked
package dev.gatehouse.core.session;

import org.jspecify.annotations.NullMarked;
