package dev.gatehouse.spring.pages;

import java.util.UUID;

/**
 * A page controller of an optional module ({@code auth-organizations}, {@code auth-admin}, or a
 * module of its own such as the OpenID provider's clients' staff page): served only when its module
 * is on the class path, and given what every page's header needs (who is signed in, the links to
 * the organisations' and the staff's pages) by the pages. A controller outside this module
 * implements it to be a page among the pages; it has nothing to implement.
 */
public interface ModulePage {
  /**
   * The content security policy every page is served under: nothing from another site, forms posted
   * to the pages' own origin only, never framed. A module page that must widen it (the provider's
   * consent page posts to a client's redirect URI) starts from this one.
   */
  String CONTENT_SECURITY_POLICY =
      "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none';"
          + " object-src 'none'";

  /**
   * {@return the id a form or a path gives, or {@code null} when it is no id}
   *
   * @param id what the form or the path gave
   */
  static UUID idOrNull(String id) {
    try {
      return UUID.fromString(id.strip());
    } catch (IllegalArgumentException notAnId) {
      return null;
    }
  }
}
