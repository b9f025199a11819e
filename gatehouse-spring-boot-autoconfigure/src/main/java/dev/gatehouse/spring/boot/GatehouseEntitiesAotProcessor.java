package dev.gatehouse.spring.boot;

import dev.gatehouse.core.entity.EntityClasses;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;

/**
 * At build time (Spring AOT), finds the host's entity subclasses as the starter does at run time
 * ({@link GatehouseEntities}, from the persistence unit's managed types) and registers reflection
 * for each and its superclasses, so that Hibernate can read their mapped fields in a native image.
 * Contributes nothing when the application has no persistence unit or no Gatehouse entities.
 */
final class GatehouseEntitiesAotProcessor implements BeanFactoryInitializationAotProcessor {

  @Override
  public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
      ConfigurableListableBeanFactory beanFactory) {
    String[] names = beanFactory.getBeanNamesForType(PersistenceManagedTypes.class, false, false);
    if (names.length != 1) {
      return null;
    }
    EntityClasses entities;
    try {
      entities =
          GatehouseEntities.find(
              beanFactory.getBean(names[0], PersistenceManagedTypes.class),
              beanFactory.getBeanClassLoader());
    } catch (RuntimeException e) {
      // Not a Gatehouse host (or not yet a complete one): the run-time check reports it.
      return null;
    }
    List<Class<?>> types = new ArrayList<>();
    for (Class<?> entity : entities.all()) {
      for (Class<?> c = entity; c != null && c != Object.class; c = c.getSuperclass()) {
        if (!types.contains(c)) {
          types.add(c);
        }
      }
    }
    return (context, code) -> {
      for (Class<?> type : types) {
        context
            .getRuntimeHints()
            .reflection()
            .registerType(type, GatehouseRuntimeHints.ENTITY_MEMBERS);
      }
    };
  }
}
