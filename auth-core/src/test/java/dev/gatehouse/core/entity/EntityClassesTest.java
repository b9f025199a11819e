package dev.gatehouse.core.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;

class EntityClassesTest {
  @Entity
  public static class U extends AbstractAuthUser {}

  @Entity
  public static class OtherUser extends AbstractAuthUser {}

  @Entity
  public static class P extends AbstractAuthProfile<U> {}

  @Entity
  public static class POfOther extends AbstractAuthProfile<OtherUser> {}

  @Entity
  public static class D extends AbstractAuthDevice<U> {}

  @Entity
  public static class O extends AbstractOtpCode<U> {}

  @Entity
  public static class S extends AbstractSmsLog {}

  @Entity
  public static class E extends AbstractEmailLog {}

  public static class NotAnEntity extends AbstractSmsLog {}

  private static EntityClasses.Builder complete() {
    return EntityClasses.builder()
        .user(U.class)
        .profile(P.class)
        .device(D.class)
        .otpCode(O.class)
        .smsLog(S.class)
        .emailLog(E.class);
  }

  @Test
  void aCompleteSetBuildsAndInstantiatesTheHostsClasses() {
    EntityClasses e = complete().build();
    assertThat(e.all()).hasSize(6);
    assertThat(EntityClasses.instantiate(e.user())).isInstanceOf(U.class);
  }

  @Test
  void aMissingClassIsNamed() {
    assertThatThrownBy(() -> EntityClasses.builder().user(U.class).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("entities.profile");
  }

  @Test
  void aProfileOfAnotherUserClassIsRefused() {
    assertThatThrownBy(() -> complete().profile(POfOther.class).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("POfOther")
        .hasMessageContaining("OtherUser");
  }

  @Test
  void aClassWithoutEntityIsRefused() {
    assertThatThrownBy(() -> complete().smsLog(NotAnEntity.class).build())
        .hasMessageContaining("entities.smsLog")
        .hasMessageContaining("@jakarta.persistence.Entity");
  }

  @Test
  void toStringNeverShowsThePasswordHash() {
    U u = new U();
    u.setPasswordHash("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA");
    assertThat(u.toString()).doesNotContain("argon2id").doesNotContain("aGFzaA");
  }
}
