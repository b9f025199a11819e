package dev.gatehouse.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.pictures.PictureStore.DirectoryPictureStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accepted picture types by their leading bytes, and the directory store's files. */
class PictureTypesTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void eachAcceptedTypeIsKnownByItsLeadingBytes() {
    assertThat(PictureTypes.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}))
        .contains("image/jpeg");
    assertThat(PictureTypes.of(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}))
        .contains("image/png");
    assertThat(PictureTypes.of(ascii("GIF87a..."))).contains("image/gif");
    assertThat(PictureTypes.of(ascii("GIF89a..."))).contains("image/gif");
    assertThat(PictureTypes.of(ascii("RIFF\0\0\0\0WEBPVP8 "))).contains("image/webp");
  }

  @Test
  void anythingElseIsRefusedWhateverItContainsLater() {
    for (byte[] other :
        new byte[][] {
          new byte[0],
          new byte[] {(byte) 0xFF, (byte) 0xD8},
          new byte[] {(byte) 0x89, 'P', 'N', 'G'},
          ascii("GIF89"),
          ascii("GIF90a"),
          ascii("RIFF\0\0\0\0WAVEfmt "),
          ascii("RIFF\0\0\0\0WEB"),
          ascii("<svg xmlns='http://www.w3.org/2000/svg'/>"),
          ascii("<html>GIF89a</html>"),
          ascii(" GIF89a")
        }) {
      assertThat(PictureTypes.of(other)).as(Arrays.toString(other)).isEqualTo(Optional.empty());
    }
  }

  @Test
  void theDirectoryStoreWritesReadableFilesUnderNamesOfItsOwn(@TempDir Path dir) throws Exception {
    DirectoryPictureStore store = new DirectoryPictureStore(dir, URI.create("https://cdn.test/p/"));
    String reference = store.store(UUID.randomUUID(), 1, ascii("GIF89a"), "image/gif");

    assertThat(reference).matches("https://cdn\\.test/p/[0-9a-f-]{36}\\.gif");
    Path file = dir.resolve(reference.substring("https://cdn.test/p/".length()));
    assertThat(Files.readAllBytes(file)).isEqualTo(ascii("GIF89a"));
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-r--r--");
    }
    try (var files = Files.list(dir)) {
      assertThat(files.count()).as("no temporary file is left").isEqualTo(1);
    }
    assertThat(store.toString()).isEqualTo("DirectoryPictureStore[https://cdn.test/p/]");
    assertThatThrownBy(() -> store.store(UUID.randomUUID(), 1, ascii("x"), "image/svg+xml"))
        .isInstanceOf(IllegalArgumentException.class);

    // Only a name the store made is deleted: not a path out of the directory, not another host's.
    Path outside = Files.writeString(dir.resolveSibling(dir.getFileName() + "-keep.png"), "keep");
    store.delete("https://cdn.test/p/../" + outside.getFileName());
    store.delete("https://elsewhere.test/p/" + file.getFileName());
    assertThat(outside).exists();
    assertThat(file).exists();
    store.delete(reference);
    assertThat(file).doesNotExist();
    Files.delete(outside);
  }

  @Test
  void aDirectoryThatCannotBeWrittenIsAnInfrastructureError(@TempDir Path dir) throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    DirectoryPictureStore store =
        new DirectoryPictureStore(notADirectory, URI.create("https://cdn.test/p"));

    assertThatThrownBy(() -> store.store(UUID.randomUUID(), 1, ascii("GIF89a"), "image/gif"))
        .isInstanceOf(AuthInfrastructureException.class);
  }
}
