package dev.gatehouse.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The one catalogue of error codes (issue 75 item 1): the core's constants, then the installed
 * modules' as their manifests declare them; the build refuses two codes of one wire form, naming
 * both owners.
 */
class ErrorCatalogueBuildTest {
  private static final ErrorCode KEY_REVOKED =
      ErrorCode.of("api_key_revoked", ErrorCode.Kind.FORBIDDEN, "The API key was revoked.");
  private static final ErrorCode KEY_WRONG =
      ErrorCode.auditedRefusal(
          "api_key_wrong", ErrorCode.Kind.REJECTED_INPUT, "The API key is wrong.");

  private static Gatehouse.Builder builder() {
    return Gatehouse.builder(
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .build(),
        new InMemoryAuthStore());
  }

  private static GatehouseModule module(String name, ErrorCode... codes) {
    return new GatehouseModule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ModuleManifest manifest() {
        return ModuleManifest.of(name).errorCodes(codes).build();
      }

      @Override
      public void installInto(Gatehouse.Builder builder) {}
    };
  }

  @Test
  void theCoreListsEveryConstantInDeclarationOrderUnderItsUpperCaseName() throws Exception {
    List<ErrorCode> constants = new ArrayList<>();
    for (Field f : ErrorCode.class.getDeclaredFields()) {
      if (f.getType() == ErrorCode.class && Modifier.isPublic(f.getModifiers())) {
        ErrorCode code = (ErrorCode) f.get(null);
        assertThat(code.name()).isEqualTo(f.getName());
        assertThat(code.code()).isEqualTo(f.getName().toLowerCase(Locale.ROOT));
        constants.add(code);
      }
    }
    assertThat(ErrorCode.core()).containsExactlyElementsOf(constants);
    assertThatThrownBy(() -> ErrorCode.core().add(KEY_REVOKED))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aModulesCodesJoinTheCatalogueAfterTheCoresWithTheirKindAndAudit() {
    Gatehouse g = builder().install(module("api-keys", KEY_REVOKED, KEY_WRONG)).build();
    List<ErrorCode> expected = new ArrayList<>(ErrorCode.core());
    expected.add(KEY_REVOKED);
    expected.add(KEY_WRONG);
    assertThat(g.errorCodes()).containsExactlyElementsOf(expected);
    assertThat(KEY_REVOKED.kind().httpStatus()).isEqualTo(403);
    assertThat(KEY_REVOKED.name()).isEqualTo("API_KEY_REVOKED");
    assertThat(KEY_WRONG.audited()).isTrue();
    assertThat(KEY_REVOKED.audited()).isFalse();
    assertThat(builder().build().errorCodes()).isEqualTo(ErrorCode.core());
  }

  @Test
  void theBuildRefusesAModulesCodeWithTheWireFormOfACoreCodeNamingBoth() {
    ErrorCode clash =
        ErrorCode.of("invalid_credentials", ErrorCode.Kind.REJECTED_INPUT, "Not the core's.");
    Gatehouse.Builder b = builder().install(module("api-keys", clash));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("invalid_credentials")
        .hasMessageContaining("the module api-keys")
        .hasMessageContaining("the core");
  }

  @Test
  void theBuildRefusesTwoModulesCodesOfOneWireFormNamingBothModules() {
    ErrorCode again = ErrorCode.of("api_key_revoked", ErrorCode.Kind.CONFLICT, "Another.");
    Gatehouse.Builder b =
        builder().install(module("api-keys", KEY_REVOKED)).install(module("tokens", again));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("api_key_revoked")
        .hasMessageContaining("the module tokens")
        .hasMessageContaining("the module api-keys");
  }

  @Test
  void aCodeOutsideTheWireFormIsRefusedWhenItIsMade() {
    for (String bad : List.of("Api_key", "1key", "api-key", "", "api key")) {
      assertThatThrownBy(() -> ErrorCode.of(bad, ErrorCode.Kind.FORBIDDEN, "x"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
