package dev.gatehouse.core.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.migration.LegacyAuthenticator;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordPolicy;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.token.AccessTokenCustomizer;
import dev.gatehouse.core.token.AccessTokenIssuer;
import dev.gatehouse.core.token.AccessTokenVerifier;
import dev.gatehouse.core.token.SigningKeys;
import dev.gatehouse.email.EmailRenderer;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailTemplates;
import dev.gatehouse.sms.SmsSender;
import dev.gatehouse.sms.SmsTemplates;
import java.time.Clock;

/**
 * Everything the services share, wired once by {@code Gatehouse.Builder}. Internal: not API.
 *
 * @param config the configuration
 * @param clock the clock every decision reads
 * @param store persistence
 * @param secrets keyed hashing of codes and tokens
 * @param passwords password hashing
 * @param passwordPolicy password rules
 * @param phones phone normalisation
 * @param events where flows report events: the audit trail and the listeners
 * @param smsSender the SMS provider (possibly a failover chain)
 * @param emailSender the email provider (possibly a failover chain)
 * @param smsTemplates SMS texts
 * @param emailTemplates email texts
 * @param signingKeys access-token keys
 * @param accessTokenIssuer signs access tokens
 * @param accessTokenVerifier verifies access tokens
 * @param legacyAuthenticator the legacy system for lazy migration, or {@code null} when none
 * @param legacyAccounts which account a legacy user became, or {@code null} when none is known
 * @param legacyCredentials the legacy system's credential tables ({@code none()} without them)
 * @param outbox where flows record the messages they cause
 * @param dispatcher sends what the outbox holds
 * @param accessTokenCustomizer adds a host's claims to access tokens
 * @param emailRenderer renders emails: {@code emailTemplates} unless the host plugged in its own
 * @param liveSessions this instance's memory of live-session checks
 * @param observer what the flows report their operations to (tracing)
 * @param writeBack the write-back journal to the legacy store (inactive without one)
 * @param deferred the handlers of requests whose work runs after the answer
 */
public record GatehouseContext(
    GatehouseConfig config,
    Clock clock,
    AuthStore store,
    SecretHasher secrets,
    PasswordHashing passwords,
    PasswordPolicy passwordPolicy,
    PhoneNumbers phones,
    SecurityEvents events,
    SmsSender smsSender,
    EmailSender emailSender,
    SmsTemplates smsTemplates,
    EmailTemplates emailTemplates,
    SigningKeys signingKeys,
    AccessTokenIssuer accessTokenIssuer,
    AccessTokenVerifier accessTokenVerifier,
    LegacyAuthenticator legacyAuthenticator,
    dev.gatehouse.core.migration.LegacyAccountResolver legacyAccounts,
    dev.gatehouse.core.migration.LegacyCredentials legacyCredentials,
    Outbox outbox,
    DeliveryDispatcher dispatcher,
    AccessTokenCustomizer accessTokenCustomizer,
    EmailRenderer emailRenderer,
    LiveSessionCache liveSessions,
    GatehouseObserver observer,
    WriteBack writeBack,
    DeferredRequests deferred) {}
