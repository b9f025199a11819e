package dev.gatehouse.pictures;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.module.ModuleManifest;

/**
 * The profile-pictures module: a profile's picture checked by its leading bytes, kept by the host's
 * {@link PictureStore}, and its reference kept on the profile. Installed with one call; the Spring
 * Boot starter installs it (it is found through {@link java.util.ServiceLoader}).
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(config, store).install(new ProfilePictures()).build();
 * PictureService pictures = gatehouse.feature(PictureService.class);
 * }</pre>
 */
public final class ProfilePictures implements GatehouseModule {
  /** A module ready to install. */
  public ProfilePictures() {}

  @Override
  public String name() {
    return "pictures";
  }

  /** {@return what the module brings: its own error codes} */
  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(name())
        .errorCodes(
            PictureErrors.INVALID_PICTURE,
            PictureErrors.PICTURE_TOO_LARGE,
            PictureErrors.PICTURE_STORE_FAILED)
        .build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.feature(PictureService.class, DefaultPictureService::new);
  }
}
