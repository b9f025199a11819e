/**
 * The abstract JPA entities a host subclasses to own its tables: {@link
 * dev.gatehouse.core.entity.AbstractAuthUser} (or {@link dev.gatehouse.core.entity.AuthUserBase}
 * for a host that keeps its own key type), {@link dev.gatehouse.core.entity.AbstractAuthProfile},
 * {@link dev.gatehouse.core.entity.AbstractAuthDevice}, {@link
 * dev.gatehouse.core.entity.AbstractOtpCode}, {@link dev.gatehouse.core.entity.AbstractSmsLog} and
 * {@link dev.gatehouse.core.entity.AbstractEmailLog}.
 *
 * <p>They carry only {@code jakarta.persistence} annotations: no Hibernate type appears here.
 */
@NullMarked
package dev.gatehouse.core.entity;

import org.jspecify.annotations.NullMarked;
