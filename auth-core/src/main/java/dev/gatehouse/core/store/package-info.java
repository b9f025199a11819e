/**
 * The persistence SPI: {@link dev.gatehouse.core.store.AuthStore} and the purpose-shaped atomic
 * operations of {@link dev.gatehouse.core.store.StoreTransaction}. {@code auth-jpa} implements it.
 */
@NullMarked
package dev.gatehouse.core.store;

import org.jspecify.annotations.NullMarked;
