package dev.gatehouse.core.session;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthInfrastructureException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;

/**
 * A {@link PictureStore} that writes each picture to a new file in a directory the host serves, and
 * answers its URL under a base URL. File names are random (a picture's URL reveals neither its
 * owner nor its profile); a file is written whole before it appears under its name.
 */
public final class DirectoryPictureStore implements PictureStore {
  private static final Map<String, String> EXTENSIONS =
      Map.of("image/jpeg", ".jpg", "image/png", ".png", "image/gif", ".gif", "image/webp", ".webp");

  private final Path directory;
  private final String baseUrl;

  /**
   * @param directory where the files go (created if missing)
   * @param baseUrl the URL the directory is served at, e.g. {@code https://media.example.com/p/}
   */
  public DirectoryPictureStore(Path directory, URI baseUrl) {
    this.directory = requireNonNull(directory, "directory");
    String b = requireNonNull(baseUrl, "baseUrl").toString();
    this.baseUrl = b.endsWith("/") ? b : b + "/";
  }

  @Override
  public String store(UUID owner, long profileId, byte[] image, String mediaType) {
    String extension = EXTENSIONS.get(mediaType);
    if (extension == null) {
      throw new IllegalArgumentException("not a picture type: " + mediaType);
    }
    String name = UUID.randomUUID() + extension;
    try {
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, ".upload-", ".tmp");
      Files.write(temporary, image);
      Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new AuthInfrastructureException(
          "picture_store_failed",
          "the picture could not be stored",
          true,
          new UncheckedIOException(e));
    }
    return baseUrl + name;
  }

  @Override
  public String toString() {
    return "DirectoryPictureStore[" + baseUrl + "]";
  }
}
