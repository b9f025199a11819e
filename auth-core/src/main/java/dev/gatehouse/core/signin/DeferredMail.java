package dev.gatehouse.core.signin;

import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * What a request whose mail depends on whether an address has an account does once a delivery
 * worker takes it (a sign-in link, a password reset): the request itself recorded only a sealed
 * entry, the same for every address ({@link dev.gatehouse.core.session.ModuleMail#deferMail}), so
 * its answer and its time say nothing about the address. Registered once per purpose with {@link
 * dev.gatehouse.core.session.SignInContext#hook}; called on a delivery worker, never while a
 * request waits. Implementations must be thread-safe.
 */
public interface DeferredMail extends ModuleHook {
  /**
   * {@return the purpose of the requests it handles ({@code ModuleMail#deferMail}), one hook each}
   */
  String purpose();

  /**
   * Does the request's work. The transaction that writes its outcome must first pass {@code
   * settle}, which settles the entry in that same transaction: both commit, or neither and the
   * entry is tried again; when {@code settle} answers {@code false} another worker took the entry
   * and this one writes nothing.
   *
   * @param subject what the request named (an address as typed, with what the purpose added)
   * @param now the worker's time
   * @param settle settles the entry in the given transaction; answers whether it still held
   */
  void handle(String subject, Instant now, Predicate<StoreTransaction> settle);
}
