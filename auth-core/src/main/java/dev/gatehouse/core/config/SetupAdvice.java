package dev.gatehouse.core.config;

/**
 * How a refusal at build time ({@code Gatehouse.Builder#build}) tells the host to provide a part
 * its configuration needs: as Java builder calls ({@link #builderCalls()}, the default), or, from
 * the Spring Boot starter, as the property or bean a Spring host declares. The refusal's first half
 * (which setting needs the part) is the same either way; only the fix is worded for the host.
 *
 * <pre>{@code
 * Gatehouse.builder(config, store).setupAdvice(part -> switch (part) { ... }).build();
 * }</pre>
 *
 * <p>Implementations are pure functions of the part, thread-safe, and never return {@code null}.
 */
@FunctionalInterface
public interface SetupAdvice {
  /** A part a configuration can need that the host has not provided. */
  enum Part {
    /** The magic-link module ({@code auth-magic-link}), for {@code gatehouse.magic-link.*}. */
    MAGIC_LINK_MODULE,
    /** The social module ({@code auth-social}), for its token storage or hand-off settings. */
    SOCIAL_MODULE,
    /** The legacy module ({@code auth-legacy}), for the {@code gatehouse.legacy.*} tokens. */
    LEGACY_MODULE,
    /** Which account a legacy user became ({@code LegacyAccountResolver}). */
    LEGACY_ACCOUNTS,
    /** The legacy credential tables ({@code auth-legacy}'s {@code LegacyCredentials}). */
    LEGACY_CREDENTIALS,
    /** The legacy store changes are written back to ({@code LegacyWriteBack}). */
    LEGACY_WRITE_BACK,
    /** A real SMS provider, in production. */
    SMS_SENDER,
    /** A real email provider, in production. */
    EMAIL_SENDER,
    /** Configured signing keys, in production. */
    SIGNING_KEYS
  }

  /**
   * @param part what is missing
   * @return how to provide it, a clause such as {@code register legacyAccounts(...)}
   */
  String fix(Part part);

  /** {@return the advice as calls of {@code Gatehouse.Builder} and modules to install} */
  static SetupAdvice builderCalls() {
    return part ->
        switch (part) {
          case MAGIC_LINK_MODULE ->
              "add dev.gatehouse:auth-magic-link (the Spring Boot starter installs it) or"
                  + " install(new MagicLinks())";
          case SOCIAL_MODULE ->
              "add dev.gatehouse:auth-social (the Spring Boot starter installs it) or"
                  + " install(new SocialSignIn(providers...))";
          case LEGACY_MODULE ->
              "add dev.gatehouse:auth-legacy (the Spring Boot starter installs it) or"
                  + " install(new LegacyCutOver())";
          case LEGACY_ACCOUNTS ->
              "register legacyAccounts(...), e.g. GatehouseImports.legacyAccounts(emf, sourceName)";
          case LEGACY_CREDENTIALS ->
              "install new LegacyCutOver(legacyCredentials), e.g. new"
                  + " DjangoCredentialTables(dataSource)";
          case LEGACY_WRITE_BACK ->
              "install new LegacyCutOver().writeBack(...), e.g."
                  + " UserTableWriteBack.django(dataSource, \"auth_user\")";
          case SMS_SENDER -> "register a real provider with smsSender(...)";
          case EMAIL_SENDER -> "register a real provider with emailSender(...)";
          case SIGNING_KEYS ->
              "call signingKeys(SigningKeys.fromEnvironment(System.getenv())) with"
                  + " GATEHOUSE_JWT_JWKS or GATEHOUSE_JWT_PRIVATE_KEY_PEM set";
        };
  }
}
