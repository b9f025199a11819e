package dev.gatehouse.examples;

import dev.gatehouse.pictures.PictureStore;
import dev.gatehouse.pictures.PictureStore.DirectoryPictureStore;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Profile pictures (jb-drf-auth's {@code PATCH /auth/profile/picture/}) kept in a directory and
 * served from it under {@value #PATH}, so the example answers the route out of the box. The
 * directory is {@code example.pictures.directory} ({@code EXAMPLE_PICTURES_DIRECTORY}), by default
 * one under the system's temporary directory; a deployment points it at a volume, or replaces the
 * {@link PictureStore} bean with an object store's.
 */
@Configuration(proxyBeanMethods = false)
class Pictures implements WebMvcConfigurer {
  /**
   * Where the pictures are served; {@code gatehouse.http.public-paths} opens it without a token.
   */
  static final String PATH = "/media/pictures/";

  private final Path directory;

  Pictures(
      @Value("${example.pictures.directory:${java.io.tmpdir}/gatehouse-example-pictures}")
          Path directory) {
    this.directory = directory.toAbsolutePath();
  }

  /**
   * @param frontendUrl the public address the pictures' URLs start with
   * @return the store the picture route keeps pictures with
   */
  @Bean
  PictureStore pictureStore(@Value("${gatehouse.frontend-url}") String frontendUrl) {
    String base =
        frontendUrl.endsWith("/")
            ? frontendUrl.substring(0, frontendUrl.length() - 1)
            : frontendUrl;
    return new DirectoryPictureStore(directory, URI.create(base + PATH));
  }

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry.addResourceHandler(PATH + "**").addResourceLocations(directory.toUri().toString());
  }
}
