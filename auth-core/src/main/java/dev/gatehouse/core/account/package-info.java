/**
 * Accounts: registration, password login, email confirmation, password change and reset, account
 * updates and deletion, the superuser bootstrap ({@link dev.gatehouse.core.account.AccountService},
 * reached as {@code gatehouse.accounts()}), and the one factory every path that creates an account
 * goes through ({@link dev.gatehouse.core.account.AccountFactory}).
 */
@NullMarked
package dev.gatehouse.core.account;

import org.jspecify.annotations.NullMarked;
