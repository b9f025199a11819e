package dev.gatehouse.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.password.PasswordHashingOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the facade's wiring builds from the operator's settings. */
class GatehouseWiringTest {

  /**
   * Every password setting an operator can give, at the ends of its range, makes hashing options:
   * the options' own checks (named by their components) never meet an operator's value.
   */
  @Test
  void everyPasswordSettingTheConfigurationAcceptsMakesHashingOptions() {
    // The settings' minima (PasswordSettings) and maxima (the options' default caps).
    List<Integer> memories = List.of(7168, PasswordHashingOptions.DEFAULT_MAX_ARGON2_MEMORY_KIB);
    List<Integer> passes = List.of(1, PasswordHashingOptions.DEFAULT_MAX_ARGON2_ITERATIONS);
    List<Integer> lanes = List.of(1, PasswordHashingOptions.DEFAULT_MAX_ARGON2_PARALLELISM);
    int built = 0;
    for (String algorithm : List.of("argon2id", "bcrypt", "scrypt", "pbkdf2_sha256")) {
      for (int memory : memories) {
        for (int iterations : passes) {
          for (int parallelism : lanes) {
            for (int concurrent : List.of(1, 1024)) {
              GatehouseConfig config =
                  GatehouseConfig.builder()
                      .set(PasswordSettings.PASSWORD_ALGORITHM, algorithm)
                      .set(PasswordSettings.ARGON2_MEMORY_KIB, memory)
                      .set(PasswordSettings.ARGON2_ITERATIONS, iterations)
                      .set(PasswordSettings.ARGON2_PARALLELISM, parallelism)
                      .set(PasswordSettings.MAX_CONCURRENT_HASHES, concurrent)
                      .build();
              PasswordHashingOptions options = GatehouseWiring.hashingOptions(config);
              assertThat(options.argon2MemoryKib()).isEqualTo(memory);
              assertThat(options.maxConcurrentHashes()).isEqualTo(concurrent);
              built++;
            }
          }
        }
      }
    }
    assertThat(built).isEqualTo(4 * 2 * 2 * 2 * 2);
  }
}
