package dev.gatehouse.jpa;

import dev.gatehouse.core.entity.EntityClasses;
import jakarta.persistence.metamodel.Metamodel;

/** JPQL entity names of the host's classes, resolved once from the metamodel. */
record EntityNames(
    String user,
    String profile,
    String device,
    String otpCode,
    String smsLog,
    String emailLog,
    String socialAccount,
    String passkey) {

  EntityNames(Metamodel mm, EntityClasses e) {
    this(
        mm.entity(e.user()).getName(),
        mm.entity(e.profile()).getName(),
        mm.entity(e.device()).getName(),
        mm.entity(e.otpCode()).getName(),
        mm.entity(e.smsLog()).getName(),
        mm.entity(e.emailLog()).getName(),
        e.socialAccount().map(s -> mm.entity(s).getName()).orElse(null),
        e.passkeyCredential().map(p -> mm.entity(p).getName()).orElse(null));
  }
}
