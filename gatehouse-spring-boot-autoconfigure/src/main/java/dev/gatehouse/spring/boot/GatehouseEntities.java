package dev.gatehouse.spring.boot;

import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.util.ClassUtils;

/**
 * The persistence unit's side of the starter: finds the host's six subclasses among the types
 * Spring Boot's entity scan found (the library's own tables are not entities).
 */
final class GatehouseEntities {
  private GatehouseEntities() {}

  /**
   * Finds the host's entity for each of Gatehouse's six base classes among the managed types.
   *
   * @param types the persistence unit's managed types
   * @param loader where to load them from
   * @return the entity classes
   * @throws ConfigurationException naming every base class that no entity, or more than one,
   *     extends
   */
  static EntityClasses find(PersistenceManagedTypes types, ClassLoader loader) {
    List<Class<?>> managed = new ArrayList<>();
    for (String name : types.getManagedClassNames()) {
      managed.add(ClassUtils.resolveClassName(name, loader));
    }
    return find(managed);
  }

  /**
   * As {@link #find(PersistenceManagedTypes, ClassLoader)}, over loaded classes.
   *
   * @param managed the managed entity classes
   * @return the entity classes
   */
  static EntityClasses find(List<Class<?>> managed) {
    return EntityClasses.find(
        managed,
        "in a package Spring Boot scans for entities (the package of the @SpringBootApplication"
            + " class and below, or the @EntityScan packages); or declare an EntityClasses bean");
  }
}
