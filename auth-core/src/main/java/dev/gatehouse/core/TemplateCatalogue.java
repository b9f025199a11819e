package dev.gatehouse.core;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleTemplate;
import dev.gatehouse.email.EmailRenderer;
import dev.gatehouse.email.EmailTemplates;
import dev.gatehouse.sms.SmsTemplates;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The installed modules' mail and SMS templates, joined at {@link Gatehouse.Builder#build()} to the
 * templates the providers render from, the host's or the built-in ones: each module's English
 * default is reached as a built-in one is, and a host's templates of the same name (a translation,
 * a replacement) win as they do for the core's. A name the core or another module uses already is
 * refused, naming both.
 */
final class TemplateCatalogue {
  private TemplateCatalogue() {}

  /**
   * Checks that each module's template names are its own.
   *
   * @param manifests the installed modules' manifests
   * @throws ConfigurationException naming the template and both owners
   */
  static void check(List<ModuleManifest> manifests) {
    Set<String> core = new HashSet<>(EmailTemplates.builder().appName("core").build().purposes());
    core.addAll(SmsTemplates.builder().appName("core").build().purposes());
    Map<String, String> owners = new HashMap<>();
    core.forEach(name -> owners.put(name, "the core"));
    for (ModuleManifest manifest : manifests) {
      for (ModuleTemplate template : manifest.templates()) {
        String owner = owners.putIfAbsent(template.name(), "the module " + manifest.module());
        if (owner != null) {
          throw new ConfigurationException(
              "the template "
                  + template.name()
                  + " of the module "
                  + manifest.module()
                  + " is a template of "
                  + owner
                  + " already: each template's name must be its own");
        }
      }
    }
  }

  /**
   * @param templates the host's templates or the built-in ones
   * @param manifests the installed modules' manifests, {@link #check checked}
   * @return the templates with every module's mails
   */
  static EmailTemplates email(EmailTemplates templates, List<ModuleManifest> manifests) {
    EmailTemplates joined = templates;
    for (ModuleManifest manifest : manifests) {
      for (ModuleTemplate t : manifest.templates()) {
        if (t.emailSubject() != null && t.emailText() != null) {
          joined = joined.withDefault(t.name(), t.emailSubject(), t.emailText());
        }
      }
    }
    return joined;
  }

  /**
   * @param templates the host's templates or the built-in ones
   * @param manifests the installed modules' manifests, {@link #check checked}
   * @return the templates with every module's texts
   */
  static SmsTemplates sms(SmsTemplates templates, List<ModuleManifest> manifests) {
    SmsTemplates joined = templates;
    for (ModuleManifest manifest : manifests) {
      for (ModuleTemplate t : manifest.templates()) {
        if (t.smsText() != null) {
          joined = joined.withDefault(t.name(), t.smsText());
        }
      }
    }
    return joined;
  }

  /**
   * A host's renderer with the modules' mails behind it: a host renderer written without a module's
   * template (a Thymeleaf renderer whose fallback texts are the core's) answers that it has no mail
   * for the purpose, and the module's built-in text renders it; a host's own template of that name
   * still wins.
   */
  static EmailRenderer modulesBehind(
      EmailRenderer hosts, EmailTemplates joined, List<ModuleManifest> manifests) {
    Set<String> modules = new HashSet<>();
    manifests.forEach(m -> m.templates().forEach(t -> modules.add(t.name())));
    if (modules.isEmpty()) {
      return hosts;
    }
    return (purpose, locale, values) -> {
      try {
        return hosts.render(purpose, locale, values);
      } catch (IllegalArgumentException noMail) {
        if (!modules.contains(purpose)) {
          throw noMail;
        }
        return joined.render(purpose, locale, values);
      }
    };
  }
}
