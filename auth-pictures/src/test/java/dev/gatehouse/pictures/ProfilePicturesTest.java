package dev.gatehouse.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.ProfileSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.flows.session.Users;
import dev.gatehouse.core.session.ProfileService.ProfileInput;
import dev.gatehouse.core.session.ProfileService.ProfileView;
import dev.gatehouse.pictures.PictureStore.DirectoryPictureStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A profile's picture through the module: checked before anything is stored, kept by the host's
 * store, its reference on the profile, a replaced one deleted after the commit; and what another
 * account, a lying store or a failing delete get.
 */
class ProfilePicturesTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final byte[] GIF = "GIF89a-rest-of-a-gif".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 1, 2, 3};

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture installed(StoreKind kind) {
    return new GatehouseFixture(
        FIXTURES.get(kind),
        b -> b.set(ProfileSettings.PROFILE_ROLES, List.of("client", "provider")),
        b -> b.install(new ProfilePictures()));
  }

  private static PictureService pictures(GatehouseFixture f) {
    return f.gatehouse.feature(PictureService.class);
  }

  private static void assertRejected(Runnable r, Class<?> type, String code) {
    assertThatThrownBy(r::run)
        .isInstanceOf(type)
        .extracting(e -> ((AuthException) e).code())
        .isEqualTo(code);
  }

  /** A store in memory that records what it was asked, and may answer a reference too long. */
  private static final class RecordingStore implements PictureStore {
    final List<String> stored = new CopyOnWriteArrayList<>();
    final List<String> deleted = new CopyOnWriteArrayList<>();
    String answer;
    boolean failDelete;

    @Override
    public String store(UUID owner, long profileId, byte[] image, String mediaType) {
      String reference = answer != null ? answer : "mem://" + UUID.randomUUID() + "/" + mediaType;
      stored.add(reference);
      return reference;
    }

    @Override
    public void delete(String reference) {
      if (failDelete) {
        throw new IllegalStateException("the store is down");
      }
      deleted.add(reference);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aPictureIsCheckedThenStoredAndItsReferenceKept(StoreKind kind) throws Exception {
    GatehouseFixture f = installed(kind);
    UUID user = Users.create(f);
    Path dir = Files.createTempDirectory("gh-pictures");
    PictureStore store = new DirectoryPictureStore(dir, URI.create("https://media.example.test/p"));
    ProfileView p = pictures(f).setPicture(user, null, GIF, store);
    assertThat(p.defaultProfile()).isTrue();
    String url = p.person().picture();
    assertThat(url).startsWith("https://media.example.test/p/").endsWith(".gif");
    assertThat(Files.readAllBytes(dir.resolve(url.substring(url.lastIndexOf('/') + 1))))
        .isEqualTo(GIF);
    assertThat(f.gatehouse.profiles().list(user).get(0).person().picture()).isEqualTo(url);
    assertRejected(
        () -> pictures(f).setPicture(user, null, "<svg/>".getBytes(StandardCharsets.UTF_8), store),
        RejectedInputException.class,
        "invalid_picture");
    byte[] big = new byte[f.gatehouse.config().get(ProfileSettings.PROFILE_PICTURE_MAX_BYTES) + 1];
    System.arraycopy(GIF, 0, big, 0, GIF.length);
    assertRejected(
        () -> pictures(f).setPicture(user, null, big, store),
        RejectedInputException.class,
        "picture_too_large");
    assertRejected(
        () -> pictures(f).setPicture(user, 987_654_321L, GIF, store),
        NotFoundException.class,
        "profile_not_found");
    try (var files = Files.list(dir)) {
      assertThat(files.count()).as("refused pictures are never stored").isEqualTo(1);
    }
    // A replaced picture's file is deleted once the change committed, and so is a cleared one.
    String second = pictures(f).setPicture(user, p.id(), PNG, store).person().picture();
    try (var files = Files.list(dir)) {
      assertThat(files.map(x -> x.getFileName().toString()).toList())
          .containsExactly(second.substring(second.lastIndexOf('/') + 1));
    }
    assertThat(pictures(f).setPicture(user, p.id(), new byte[0], store).person().picture())
        .isNull();
    try (var files = Files.list(dir)) {
      assertThat(files.count()).isZero();
    }
    // A reference the store did not write is never deleted.
    store.delete("https://media.example.test/p/../../etc/passwd");
    store.delete("https://elsewhere.example.test/x.png");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anotherAccountsProfileIsNotFoundAndNothingIsStored(StoreKind kind) {
    GatehouseFixture f = installed(kind);
    UUID owner = Users.create(f);
    UUID attacker = Users.create(f);
    ProfileView victim = f.gatehouse.profiles().create(owner, ProfileInput.ofRole("provider"));
    RecordingStore store = new RecordingStore();

    assertRejected(
        () -> pictures(f).setPicture(attacker, victim.id(), GIF, store),
        NotFoundException.class,
        "profile_not_found");
    assertRejected(
        () -> pictures(f).setPicture(UUID.randomUUID(), null, GIF, store),
        NotFoundException.class,
        "user_not_found");

    assertThat(store.stored).isEmpty();
    assertThat(f.gatehouse.profiles().list(owner))
        .allSatisfy(v -> assertThat(v.person().picture()).isNull());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aDeletedAccountSetsNoPicture(StoreKind kind) {
    GatehouseFixture f = installed(kind);
    UUID user = Users.create(f);
    f.db.store.inTransaction(tx -> tx.users().softDelete(user, f.clock.instant()));
    RecordingStore store = new RecordingStore();

    assertRejected(
        () -> pictures(f).setPicture(user, null, GIF, store),
        NotFoundException.class,
        "user_not_found");
    assertThat(store.stored).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aReferenceTooLongForTheProfileIsDeletedAndTheProfileKeepsItsPicture(StoreKind kind) {
    GatehouseFixture f = installed(kind);
    UUID user = Users.create(f);
    RecordingStore store = new RecordingStore();
    String kept = pictures(f).setPicture(user, null, GIF, store).person().picture();
    store.answer = "mem://" + "x".repeat(2000);

    assertThatThrownBy(() -> pictures(f).setPicture(user, null, PNG, store))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("longer than");

    assertThat(store.deleted).containsExactly(store.answer);
    assertThat(f.gatehouse.profiles().list(user).get(0).person().picture()).isEqualTo(kept);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aFailedDeleteOfTheReplacedPictureKeepsTheChange(StoreKind kind) {
    GatehouseFixture f = installed(kind);
    UUID user = Users.create(f);
    RecordingStore store = new RecordingStore();
    pictures(f).setPicture(user, null, GIF, store);
    store.failDelete = true;

    String second = pictures(f).setPicture(user, null, PNG, store).person().picture();

    assertThat(second).endsWith("image/png");
    assertThat(f.gatehouse.profiles().list(user).get(0).person().picture()).isEqualTo(second);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void withoutTheModuleThereIsNoPictureService(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));

    assertThat(f.gatehouse.findFeature(PictureService.class)).isEmpty();
    assertThatThrownBy(() -> f.gatehouse.feature(PictureService.class))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(PictureService.class.getName());
  }
}
