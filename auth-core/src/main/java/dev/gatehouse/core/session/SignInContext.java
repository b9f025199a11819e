package dev.gatehouse.core.session;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SetupAdvice;
import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.signin.ModuleHook;
import dev.gatehouse.core.store.AuthStore;
import java.time.Clock;
import java.util.Optional;

/**
 * What the core gives a module's feature when the {@code Gatehouse} it was installed into is built
 * ({@link dev.gatehouse.core.Gatehouse.Builder#feature}): the configuration, the clock and the
 * store every flow uses, the narrow capabilities the module asks for by type, and the registration
 * of its hooks on the pipeline. A module never reaches the core's internals. Thread-safe.
 *
 * <pre>{@code
 * builder.feature(MagicLinkService.class, context -> new DefaultMagicLinkService(context));
 * ...
 * ModuleSignIns signIns = context.capability(ModuleSignIns.class);
 * SignInResult result = signIns.signIn(new LinkCheck(...), client);
 * }</pre>
 *
 * <p>The capabilities, each documented with who calls it and in which transaction: {@link
 * ModuleSignIns} (the one sign-in path, the second step), {@link ModuleLimits} (counters of the
 * catalogue), {@link ModuleMail} (mails and a module's outbox entries), {@link ModuleAudit} (events
 * and the audit trail), {@link ModuleAccounts} (accounts, the caller, recent authentication),
 * {@link ModuleSessions} (sessions a module starts, switches and ends), and the sealing of what a
 * module hands out: {@link SecretHasher} (keyed hashes) and {@link Sealer}.
 *
 * <p>What a method writes, it writes in the transaction it is given: the sign-in's (through {@link
 * ModuleSignIns#signIn}) or the one it opens on {@link #store()}, which joins the host's
 * transaction when one is open. Mails go into the outbox in that transaction and are sent after its
 * commit.
 */
public interface SignInContext {
  /** {@return the configuration} */
  GatehouseConfig config();

  /**
   * {@return how a module's refusal at build time words the fix for a missing part: the builder's
   * {@code setupAdvice}, {@link SetupAdvice#builderCalls()} unless the host (the starter) set one}
   */
  SetupAdvice setupAdvice();

  /** {@return the clock every flow reads} */
  Clock clock();

  /** {@return the store, whose transactions join the host's when one is open} */
  AuthStore store();

  /**
   * {@return the store for reads that may be stale: the builder's {@code staleReads} store (a
   * replica's) when the host set one, else {@link #store()}} For counts and reports only: what
   * decides a credential, and every write, goes through {@link #store()}.
   */
  AuthStore staleReads();

  /**
   * {@return the capability of type {@code type}, the same instance the core's own methods use}
   *
   * @param type one of {@link ModuleSignIns}, {@link ModuleLimits}, {@link ModuleMail}, {@link
   *     ModuleAudit}, {@link ModuleAccounts}, {@link ModuleSessions}, {@link SecretHasher} (the
   *     keyed hashes of the application secret: codes, tokens, counter keys) or {@link Sealer}
   *     (what seals what a method hands out and must read back: the newest secret seals, every
   *     previous one still opens, a purpose and context of the method's own bind each value)
   * @param <C> the capability's type
   * @throws IllegalArgumentException when {@code type} is none of them
   */
  <C> C capability(Class<C> type);

  /**
   * {@return a feature of another module, or empty when no installed module provides it} How one
   * module works with another's public service, as {@code auth-saml} signs an organisation's
   * members in through {@code auth-organizations}' sign-in: the module that needs it names the one
   * that provides it in its manifest's {@code requires}, and the builder builds the provider's
   * features first, whatever the order the modules were installed in. Called while the asking
   * feature is built, or later.
   *
   * @param type the service's type, as the other module registered it
   * @param <T> the service's type
   * @throws dev.gatehouse.core.error.AuthException.ConfigurationException when called while the
   *     features are built, for a feature of a module the asking one does not require (so not built
   *     yet), naming that module
   */
  <T> Optional<T> feature(Class<T> type);

  /**
   * Registers a hook on the pipeline, once, when the module's feature is built: every kind of
   * {@link ModuleHook} that {@code hook} implements is registered for that kind (a write-back
   * journal that is both an {@code AccountChangeListener} and an {@code OutboxChannel} is both).
   *
   * @param hook the hook
   * @throws IllegalStateException when a kind that takes one hook has one already, or a named kind
   *     (a channel, a purpose, a proof, claims) has one of that name
   * @throws IllegalArgumentException when {@code hook} implements no kind the pipeline knows, or a
   *     channel's name is one of the core's
   */
  void hook(ModuleHook hook);
}
