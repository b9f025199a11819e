package dev.gatehouse.core.module;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.ModuleSettings;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.signin.Counters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Everything a module brings, declared in one place and read once at {@code
 * Gatehouse.Builder#build()}: its error codes, its counters and limits, its mail and SMS templates,
 * its settings, its Liquibase changelog and the tables it creates, its events, the modules it
 * requires, and what it contributes to a layer above the core; its HTTP routes ({@link
 * ModuleRoute}) and the request headers by which it authenticates a request to the host's own
 * routes ({@link ModuleCredential}). Each kind joins the one catalogue of its kind, where the
 * core's entries are, and the build refuses a module whose entry collides with the core's or
 * another module's (a code, a counter prefix, a template or a table of the same name), naming both.
 *
 * <p>A module answers its manifest from {@code GatehouseModule#manifest()}; a module written in a
 * team's own repository declares its entries here exactly as Gatehouse's own modules do.
 */
public final class ModuleManifest {
  private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final String module;
  private final List<String> requires;
  private final List<ErrorCode> errorCodes;
  private final List<Counters> counters;
  private final List<ModuleTemplate> templates;
  private final @Nullable Class<? extends ModuleSettings> settings;
  private final @Nullable String changelog;
  private final List<String> tables;
  private final List<dev.gatehouse.core.store.ModuleTable> declaredTables;
  private final List<Class<? extends AuthEvent.ModuleEvent>> events;
  private final List<ModuleRoute<?>> routes;
  private final List<ModuleCredential<?>> credentials;
  private final Map<Class<?>, List<Object>> contributions;

  private ModuleManifest(Builder b) {
    this.module = b.module;
    this.requires = List.copyOf(b.requires);
    this.errorCodes = List.copyOf(b.errorCodes);
    this.counters = List.copyOf(b.counters);
    this.templates = List.copyOf(b.templates);
    this.settings = b.settings;
    this.changelog = b.changelog;
    this.tables = List.copyOf(b.tables);
    this.declaredTables = List.copyOf(b.declaredTables);
    this.events = List.copyOf(b.events);
    this.routes = List.copyOf(b.routes);
    this.credentials = List.copyOf(b.credentials);
    Map<Class<?>, List<Object>> copy = new LinkedHashMap<>();
    b.contributions.forEach((type, values) -> copy.put(type, List.copyOf(values)));
    this.contributions = Map.copyOf(copy);
  }

  /**
   * Starts the manifest of a module.
   *
   * @param module the module's name, as {@code GatehouseModule#name()} answers it
   * @return a builder
   */
  public static Builder of(String module) {
    return new Builder(module);
  }

  /** {@return the module's name} */
  public String module() {
    return module;
  }

  /**
   * {@return the names of the modules this one uses, in the order declared}: {@code
   * Gatehouse.Builder#build()} refuses the set when one of them is not installed, naming both, and
   * builds each module's features after those of the modules it requires, whatever the order they
   * were installed in
   */
  public List<String> requires() {
    return requires;
  }

  /** {@return the error codes the module's operations answer, each its own} */
  public List<ErrorCode> errorCodes() {
    return errorCodes;
  }

  /** {@return the counters (limits, locks, markers) the module keeps, each its own} */
  public List<Counters> counters() {
    return counters;
  }

  /** {@return the mail and SMS templates the module sends} */
  public List<ModuleTemplate> templates() {
    return templates;
  }

  /** {@return the module's class of settings, when it has settings} */
  public Optional<Class<? extends ModuleSettings>> settings() {
    return Optional.ofNullable(settings);
  }

  /**
   * {@return the class-path resource of the module's Liquibase changelog, which a host includes in
   * its own (under the changelog rules: a released change set is never edited)}
   */
  public Optional<String> changelog() {
    return Optional.ofNullable(changelog);
  }

  /** {@return the tables the module's changelog creates and only the module writes} */
  public List<String> tables() {
    return tables;
  }

  /**
   * {@return the tables the module's changelog creates with their columns' types and unique keys,
   * as {@link Builder#changelog(String, dev.gatehouse.core.store.ModuleTable...)} declared them}
   */
  public List<dev.gatehouse.core.store.ModuleTable> declaredTables() {
    return declaredTables;
  }

  /** {@return the module's own kinds of event, kept in the audit trail as the core's are} */
  public List<Class<? extends AuthEvent.ModuleEvent>> events() {
    return events;
  }

  /** {@return the module's HTTP routes, in the order they were declared} */
  public List<ModuleRoute<?>> routes() {
    return routes;
  }

  /**
   * {@return the request-header credentials by which the module authenticates a request to the
   * host's own routes, in the order they were declared}
   */
  public List<ModuleCredential<?>> credentials() {
    return credentials;
  }

  /**
   * What the module contributes to a layer above the core, of one type the layer defines and asks
   * for (the routes, which the web module serves, are {@link #routes()}).
   *
   * @param type the contribution's type
   * @param <T> the type
   * @return the contributions of that type, in the order they were declared
   */
  public <T> List<T> contributions(Class<T> type) {
    requireNonNull(type, "type");
    List<Object> found = contributions.getOrDefault(type, List.of());
    return found.stream().map(type::cast).toList();
  }

  /**
   * The one catalogue of error codes: the core's ({@link ErrorCode#core()}), then each module's in
   * the order given. {@code Gatehouse#errorCodes()} answers it for the installed modules; a test or
   * a document generator may assemble it for modules it loads itself.
   *
   * @param manifests the modules' manifests
   * @return every code, the core's first, unmodifiable
   * @throws ConfigurationException when two codes have one wire form (a module's and the core's or
   *     another module's), naming both owners
   */
  public static List<ErrorCode> errorCatalogue(List<ModuleManifest> manifests) {
    Map<String, String> owners = new LinkedHashMap<>();
    List<ErrorCode> all = new ArrayList<>(ErrorCode.core());
    ErrorCode.core().forEach(code -> owners.put(code.code(), "the core"));
    for (ModuleManifest manifest : manifests) {
      for (ErrorCode code : manifest.errorCodes) {
        String owner = "the module " + manifest.module;
        String earlier = owners.putIfAbsent(code.code(), owner);
        if (earlier != null) {
          throw new ConfigurationException(
              "the error code "
                  + code.code()
                  + " of "
                  + owner
                  + " has the wire form of a code of "
                  + earlier
                  + "; a module's code needs a wire form of its own");
        }
        all.add(code);
      }
    }
    return List.copyOf(all);
  }

  @Override
  public String toString() {
    return "ModuleManifest[" + module + "]";
  }

  /** Collects a module's declarations; each may be called any number of times. */
  public static final class Builder {
    private final String module;
    private final List<String> requires = new ArrayList<>();
    private final List<ErrorCode> errorCodes = new ArrayList<>();
    private final List<Counters> counters = new ArrayList<>();
    private final List<ModuleTemplate> templates = new ArrayList<>();
    private @Nullable Class<? extends ModuleSettings> settings;
    private @Nullable String changelog;
    private final List<String> tables = new ArrayList<>();
    private final List<dev.gatehouse.core.store.ModuleTable> declaredTables = new ArrayList<>();
    private final List<Class<? extends AuthEvent.ModuleEvent>> events = new ArrayList<>();
    private final List<ModuleRoute<?>> routes = new ArrayList<>();
    private final List<ModuleCredential<?>> credentials = new ArrayList<>();
    private final Map<Class<?>, List<Object>> contributions = new LinkedHashMap<>();

    private Builder(String module) {
      this.module = requireNonNull(module, "module");
    }

    /**
     * Names the modules this one uses (their features, read with {@code SignInContext#feature} when
     * its own are built).
     *
     * @param modules the names of the modules required, as their {@code GatehouseModule#name()}
     * @return this builder
     * @throws IllegalArgumentException when a module names itself
     */
    public Builder requires(String... modules) {
      for (String required : modules) {
        if (requireNonNull(required, "module").equals(module)) {
          throw new IllegalArgumentException("the module " + module + " requires itself");
        }
        if (!requires.contains(required)) {
          requires.add(required);
        }
      }
      return this;
    }

    /**
     * @param codes error codes of the module
     * @return this builder
     */
    public Builder errorCodes(ErrorCode... codes) {
      for (ErrorCode code : codes) {
        errorCodes.add(requireNonNull(code, "code"));
      }
      return this;
    }

    /**
     * @param kept counters of the module
     * @return this builder
     */
    public Builder counters(Counters... kept) {
      for (Counters counter : kept) {
        counters.add(requireNonNull(counter, "counter"));
      }
      return this;
    }

    /**
     * @param sent templates of the module
     * @return this builder
     */
    public Builder templates(ModuleTemplate... sent) {
      for (ModuleTemplate template : sent) {
        templates.add(requireNonNull(template, "template"));
      }
      return this;
    }

    /**
     * @param type the module's class of settings, also listed for {@link java.util.ServiceLoader}
     *     so the catalogue reads its keys before any module is installed
     * @return this builder
     * @throws IllegalStateException when called twice
     */
    public Builder settings(Class<? extends ModuleSettings> type) {
      if (settings != null) {
        throw new IllegalStateException("the settings of " + module + " were declared already");
      }
      settings = requireNonNull(type, "type");
      return this;
    }

    /**
     * @param resource the class-path resource of the module's changelog
     * @param created the tables it creates
     * @return this builder
     * @throws IllegalStateException when called twice
     * @throws IllegalArgumentException when a table's name is not lower-case SQL
     */
    public Builder changelog(String resource, String... created) {
      if (changelog != null) {
        throw new IllegalStateException("the changelog of " + module + " was declared already");
      }
      changelog = requireNonNull(resource, "resource");
      for (String table : created) {
        if (!TABLE.matcher(requireNonNull(table, "table")).matches()) {
          throw new IllegalArgumentException("not a lower-case table name: " + table);
        }
        tables.add(table);
      }
      return this;
    }

    /**
     * Declares the changelog with the tables it creates, their columns' types and unique keys, the
     * shapes a module reads and writes them by ({@link
     * dev.gatehouse.core.store.ModuleTables#rows(dev.gatehouse.core.store.ModuleTable)}).
     *
     * @param resource the class-path resource of the module's changelog
     * @param created the tables it creates
     * @return this builder
     * @throws IllegalStateException when a changelog was declared already
     */
    public Builder changelog(String resource, dev.gatehouse.core.store.ModuleTable... created) {
      changelog(
          resource,
          java.util.Arrays.stream(created)
              .map(dev.gatehouse.core.store.ModuleTable::name)
              .toArray(String[]::new));
      declaredTables.addAll(List.of(created));
      return this;
    }

    /**
     * @param kinds the module's own kinds of event
     * @return this builder
     */
    @SafeVarargs
    public final Builder events(Class<? extends AuthEvent.ModuleEvent>... kinds) {
      for (Class<? extends AuthEvent.ModuleEvent> kind : kinds) {
        events.add(requireNonNull(kind, "kind"));
      }
      return this;
    }

    /**
     * @param served HTTP routes of the module, each checked when it was made ({@link ModuleRoute})
     * @return this builder
     */
    public Builder routes(ModuleRoute<?>... served) {
      for (ModuleRoute<?> route : served) {
        routes.add(requireNonNull(route, "route"));
      }
      return this;
    }

    /**
     * @param taken request-header credentials of the module, each checked when it was made ({@link
     *     ModuleCredential})
     * @return this builder
     */
    public Builder credentials(ModuleCredential<?>... taken) {
      for (ModuleCredential<?> credential : taken) {
        credentials.add(requireNonNull(credential, "credential"));
      }
      return this;
    }

    /**
     * Adds a contribution to a layer above the core.
     *
     * @param type the type the layer asks for
     * @param value the contribution
     * @param <T> the type
     * @return this builder
     */
    public <T> Builder contribute(Class<T> type, T value) {
      requireNonNull(type, "type");
      contributions.computeIfAbsent(type, t -> new ArrayList<>()).add(type.cast(value));
      return this;
    }

    /** {@return the manifest} */
    public ModuleManifest build() {
      return new ModuleManifest(this);
    }
  }
}
