package dev.gatehouse.spring.web.internal.jbdrfauth;

import dev.gatehouse.core.config.ProfileSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ProfileService.ProfileView;
import dev.gatehouse.pictures.PictureErrors;
import dev.gatehouse.pictures.PictureService;
import dev.gatehouse.pictures.PictureStore;
import dev.gatehouse.spring.web.internal.drf.DrfException;
import dev.gatehouse.spring.web.internal.drf.DrfForm;
import dev.gatehouse.spring.web.internal.shared.Caller;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.Replies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code jb-drf-auth} contract's profile picture route, served when {@code auth-pictures} is on
 * the class path.
 */
@RestController
@RequestMapping("${gatehouse.http.base-path:/auth}")
@ConditionalOnClass(name = "dev.gatehouse.pictures.PictureService")
public class JbPictureController {
  private final ContractSupport support;
  private final ObjectProvider<PictureStore> pictures;

  JbPictureController(ContractSupport support, ObjectProvider<PictureStore> pictures) {
    this.support = support;
    this.pictures = pictures;
  }

  /**
   * A profile's picture as base64 or a data URI ({@code data:image/png;base64,…}), kept by the
   * host's {@link PictureStore} bean; {@code ""} clears it. Without such a bean the route answers
   * 503.
   */
  @PatchMapping("/profile/picture/")
  void picture(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Caller c = support.caller(request);
    int max = support.gatehouse().config().get(ProfileSettings.PROFILE_PICTURE_MAX_BYTES);
    // Base64 takes four characters for three bytes, plus room for the other fields.
    DrfForm f = DrfForm.read(request, max / 3 * 4 + 8 * 1024);
    String picture;
    if (!f.has("picture")) {
      picture = null;
      f.errors().put("picture", List.of(new DrfForm.Error("No file was submitted.", "required")));
    } else {
      picture = f.chars("picture", true, true, 0);
    }
    Long profile = f.integer("profile", false);
    f.check();
    PictureStore store = pictures.getIfAvailable();
    if (store == null) {
      throw DrfException.detail(503, "Profile pictures are not configured on this server.");
    }
    byte[] image = picture.isEmpty() ? new byte[0] : decodePicture(picture);
    ProfileView changed;
    try {
      changed =
          support
              .gatehouse()
              .feature(PictureService.class)
              .setPicture(c.user(), profile, image, store);
    } catch (AuthException e) {
      if (e.error().equals(ErrorCode.PROFILE_NOT_FOUND)) {
        throw DrfException.fieldText("profile", "Perfil no encontrado.");
      }
      if (e.error().equals(PictureErrors.INVALID_PICTURE)) {
        throw DrfException.field("picture", "The type of the image couldn't be determined.");
      }
      if (e.error().equals(PictureErrors.PICTURE_TOO_LARGE)) {
        throw DrfException.field("picture", e.getMessage());
      }
      throw e;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", "Foto de perfil actualizada correctamente.");
    m.put("profile_id", changed.id());
    Replies.ok(m).send(response);
  }

  /** Base64 (standard or URL-safe) or a data URI's payload; else DRF's "valid image" refusal. */
  private static byte[] decodePicture(String value) {
    int comma = value.indexOf(";base64,");
    String data = comma >= 0 ? value.substring(comma + ";base64,".length()) : value;
    try {
      String b64 = data.replaceAll("\\s", "").replace('-', '+').replace('_', '/');
      return Base64.getDecoder().decode(b64 + "==".substring(0, (4 - b64.length() % 4) % 4 % 3));
    } catch (IllegalArgumentException e) {
      throw DrfException.field("picture", "Please upload a valid image.");
    }
  }
}
