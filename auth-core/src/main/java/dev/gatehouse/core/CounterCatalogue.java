package dev.gatehouse.core;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.Setting;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.signin.Counters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one counter catalogue of an instance: the core's counters and every installed module's,
 * assembled once at {@link Gatehouse.Builder#build()}. Two counters whose keys could meet (one
 * prefix twice, or one prefix a part of another's) are refused naming both owners, and so is a
 * module's limit that reads a setting the configuration's catalogue does not hold (a module
 * declares its settings in its own {@code ModuleSettings}).
 */
final class CounterCatalogue {
  private CounterCatalogue() {}

  /**
   * @param manifests the installed modules' manifests
   * @return the catalogue, the core's first; unmodifiable
   * @throws ConfigurationException naming the counter and both owners, or the setting
   */
  static List<Counters> assemble(List<ModuleManifest> manifests) {
    Map<Counters, String> owners = new LinkedHashMap<>();
    Counters.core().forEach(c -> owners.put(c, "the core"));
    for (ModuleManifest manifest : manifests) {
      String owner = "the module " + manifest.module();
      for (Counters counter : manifest.counters()) {
        for (Map.Entry<Counters, String> known : owners.entrySet()) {
          if (meet(known.getKey(), counter)) {
            throw new ConfigurationException(
                "the counter prefix "
                    + counter.prefix()
                    + " of "
                    + owner
                    + " meets "
                    + known.getKey().prefix()
                    + " of "
                    + known.getValue()
                    + ": each counter's keys must be its own");
          }
        }
        for (Setting<?> setting : counter.settings()) {
          if (GatehouseConfig.settings().get(setting.key()) != setting) {
            throw new ConfigurationException(
                "the limit "
                    + counter.prefix()
                    + " of "
                    + owner
                    + " reads the setting "
                    + setting.key()
                    + ", which is not in the configuration's catalogue: declare it in the"
                    + " module's ModuleSettings (listed for java.util.ServiceLoader)");
          }
        }
        owners.put(counter, owner);
      }
    }
    return List.copyOf(new ArrayList<>(owners.keySet()));
  }

  /** Whether a key of one could be a key of the other: parts never hold ':'. */
  private static boolean meet(Counters a, Counters b) {
    String pa = a.prefix() + ":";
    String pb = b.prefix() + ":";
    return a == b || pa.startsWith(pb) || pb.startsWith(pa);
  }
}
