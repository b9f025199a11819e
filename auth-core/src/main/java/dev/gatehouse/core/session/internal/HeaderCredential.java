package dev.gatehouse.core.session.internal;

import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import java.util.function.BiFunction;

/**
 * One module's request-header credential as the sessions check it, handed over by the facade's
 * wiring from the module's manifest once the feature it calls is built (so this package reads no
 * manifest: the module package depends on the sessions', not the other way).
 *
 * @param module the module's name
 * @param header the header it reads (compared without case)
 * @param method the sign-in method named in the audit trail and {@code amr}
 * @param check the module's check of one presented value
 */
public record HeaderCredential(
    String module,
    String header,
    String method,
    BiFunction<String, ClientInfo, CredentialCheck> check) {}
