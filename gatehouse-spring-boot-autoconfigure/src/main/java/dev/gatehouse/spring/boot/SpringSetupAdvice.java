package dev.gatehouse.spring.boot;

import dev.gatehouse.core.config.SetupAdvice;

/**
 * The starter's wording of a start-up refusal's fix: the property or bean a Spring Boot host
 * declares, and the module beside the starter that brings it, rather than the builder calls a plain
 * Java host makes ({@link SetupAdvice#builderCalls()}).
 */
final class SpringSetupAdvice implements SetupAdvice {
  @Override
  public String fix(Part part) {
    return switch (part) {
      case MAGIC_LINK_MODULE -> module("auth-magic-link");
      case SOCIAL_MODULE -> module("auth-social");
      case LEGACY_MODULE -> module("auth-legacy");
      case LEGACY_ACCOUNTS ->
          "declare a LegacyAccountResolver bean, e.g. @Bean LegacyAccountResolver"
              + " legacyAccounts(EntityManagerFactory emf) { return"
              + " GatehouseImports.legacyAccounts(emf, \"<source>\"); }, with"
              + " dev.gatehouse:auth-import beside the starter";
      case LEGACY_CREDENTIALS ->
          "declare a LegacyCredentials bean, e.g. @Bean LegacyCredentials"
              + " legacyCredentials(DataSource legacy) { return new DjangoCredentialTables(legacy);"
              + " }, with dev.gatehouse:auth-import beside the starter";
      case LEGACY_WRITE_BACK ->
          "declare a LegacyWriteBack bean, e.g. @Bean LegacyWriteBack legacyWriteBack(DataSource"
              + " legacy) { return UserTableWriteBack.django(legacy, \"auth_user\"); }, with"
              + " dev.gatehouse:auth-import beside the starter";
      case SMS_SENDER -> "declare an SmsSender bean (dev.gatehouse:auth-sms-twilio has one)";
      case EMAIL_SENDER ->
          "set spring.mail.host (the starter sends through Spring's JavaMailSender) or declare an"
              + " EmailSender bean";
      case SIGNING_KEYS ->
          "set gatehouse.jwt.jwks or gatehouse.jwt.private-key-pem (GATEHOUSE_JWT_JWKS,"
              + " GATEHOUSE_JWT_PRIVATE_KEY_PEM), or declare a SigningKeys bean";
    };
  }

  private static String module(String artifact) {
    return "add dev.gatehouse:"
        + artifact
        + " to the class path (the starter brings it; it was excluded) or declare a"
        + " GatehouseBuilderCustomizer bean that installs the module";
  }
}
