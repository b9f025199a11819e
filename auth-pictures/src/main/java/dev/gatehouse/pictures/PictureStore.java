package dev.gatehouse.pictures;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where profile pictures are kept (an object store, a CDN, a directory the host serves): the SPI
 * behind {@link PictureService#setPicture}. Gatehouse checks the image first (a JPEG, PNG, GIF or
 * WebP within {@code gatehouse.profile.picture-max-bytes}) and stores only the reference this
 * returns on the profile. Implementations must be thread-safe.
 *
 * <pre>{@code
 * PictureStore pictures = new DirectoryPictureStore(Path.of("/srv/media/pictures"),
 *     URI.create("https://media.example.com/pictures/"));
 * gatehouse.feature(PictureService.class).setPicture(me, null, bytes, pictures);
 * }</pre>
 */
public interface PictureStore {
  /**
   * Stores a checked image and returns where it can be found.
   *
   * @param owner the profile owner's public id
   * @param profileId the profile
   * @param image the image bytes
   * @param mediaType its type: {@code image/jpeg}, {@code image/png}, {@code image/gif} or {@code
   *     image/webp}
   * @return the reference kept on the profile (a URL or a storage key, at most 500 characters)
   * @throws dev.gatehouse.core.error.AuthException.AuthInfrastructureException when the picture
   *     cannot be stored
   */
  String store(UUID owner, long profileId, byte[] image, String mediaType);

  /**
   * Removes a picture a profile no longer references (replaced or cleared), after the change
   * committed, so a removed picture stops being reachable. Best effort: a failure is not the
   * profile change's. The default keeps every picture.
   *
   * @param reference a reference {@link #store} returned
   */
  default void delete(String reference) {}

  /**
   * A {@link PictureStore} that writes each picture to a new file in a directory the host serves,
   * and answers its URL under a base URL. File names are random (a picture's URL reveals neither
   * its owner nor its profile); a file is written whole before it appears under its name.
   */
  public static final class DirectoryPictureStore implements PictureStore {
    private static final Map<String, String> EXTENSIONS =
        Map.of(
            "image/jpeg", ".jpg", "image/png", ".png", "image/gif", ".gif", "image/webp", ".webp");

    /** The names this store gives its files: nothing else is ever deleted. */
    private static final Pattern OWN_NAME =
        Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.(jpg|png|gif|webp)");

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
      Path temporary = null;
      try {
        Files.createDirectories(directory);
        temporary = Files.createTempFile(directory, ".upload-", ".tmp");
        Files.write(temporary, image);
        // Readable by the web server that serves the directory (a temporary file is owner-only).
        if (Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
          Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        temporary = null;
      } catch (IOException e) {
        throw new AuthInfrastructureException(
            PictureErrors.PICTURE_STORE_FAILED,
            "the picture could not be stored",
            true,
            new UncheckedIOException(e));
      } finally {
        if (temporary != null) {
          try {
            Files.deleteIfExists(temporary);
          } catch (IOException e) {
            // The upload failed already; a stray temporary file is all that is left.
          }
        }
      }
      return baseUrl + name;
    }

    /** Deletes a file this store wrote; any other reference is left alone. */
    @Override
    public void delete(String reference) {
      if (reference == null || !reference.startsWith(baseUrl)) {
        return;
      }
      String name = reference.substring(baseUrl.length());
      if (!OWN_NAME.matcher(name).matches()) {
        return;
      }
      try {
        Files.deleteIfExists(directory.resolve(name));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return "DirectoryPictureStore[" + baseUrl + "]";
    }
  }
}
