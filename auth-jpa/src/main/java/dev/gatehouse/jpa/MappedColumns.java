package dev.gatehouse.jpa;

import static dev.gatehouse.jpa.SchemaAdoption.TIMESTAMP_PROPERTY;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns an entity mapping needs, read by reflection from the entity and its mapped
 * superclasses (with {@code @AttributeOverride}s applied), for {@link SchemaAdoption}: the names of
 * every column the host statements' reader ({@link HostTable}) understands come from it, so
 * adoption and the statements agree on them. Stateless.
 */
final class MappedColumns {
  private MappedColumns() {}

  /** One mapped column; {@code defaultValue} is a fresh entity's field value, or {@code null}. */
  record Mapped(
      String attribute,
      String column,
      String type,
      boolean nullable,
      boolean unique,
      boolean id,
      boolean mayBeNull,
      Object defaultValue) {}

  /** The entity's columns: its fields and its mapped superclasses', superclass first. */
  static List<Mapped> of(Class<?> entity) {
    Map<String, Column> overrides = new LinkedHashMap<>();
    Deque<Class<?>> chain = new ArrayDeque<>();
    for (Class<?> k = entity; k != null && k != Object.class; k = k.getSuperclass()) {
      if (k.isAnnotationPresent(Entity.class) || k.isAnnotationPresent(MappedSuperclass.class)) {
        chain.push(k);
      }
    }
    // Overrides on the entity win over those on its superclasses.
    for (Class<?> k : chain) {
      AttributeOverrides many = k.getAnnotation(AttributeOverrides.class);
      if (many != null) {
        for (AttributeOverride o : many.value()) {
          overrides.put(o.name(), o.column());
        }
      }
      for (AttributeOverride o : k.getAnnotationsByType(AttributeOverride.class)) {
        overrides.put(o.name(), o.column());
      }
    }
    // Column names as the host statements read them (HostTable), where that reader understands
    // the attribute: schema adoption and the statements name the same columns.
    HostTable host = HostNaming.annotated(entity);
    Object fresh = instantiate(entity);
    List<Mapped> out = new ArrayList<>();
    for (Class<?> k : chain) {
      for (Field f : k.getDeclaredFields()) {
        if (!HostTable.persistent(f) || java.util.Collection.class.isAssignableFrom(f.getType())) {
          continue;
        }
        boolean id = f.isAnnotationPresent(Id.class);
        String name = f.getName();
        int length = 255;
        boolean nullable = true;
        boolean unique = false;
        String columnName = name;
        String type;
        HostTable.Col known =
            host.columns().containsKey(name) ? host.columns().get(name) : host.joins().get(name);
        if (f.isAnnotationPresent(ManyToOne.class)) {
          JoinColumn j = f.getAnnotation(JoinColumn.class);
          columnName = j != null && !j.name().isEmpty() ? j.name() : name + "_id";
          nullable = j == null || j.nullable();
          type = "BIGINT";
        } else {
          Column col =
              overrides.containsKey(name) ? overrides.get(name) : f.getAnnotation(Column.class);
          if (col != null) {
            columnName = col.name().isEmpty() ? name : col.name();
            length = col.length();
            nullable = col.nullable();
            unique = col.unique();
          }
          type = liquibaseType(f.getType(), length);
        }
        if (known != null) {
          columnName = known.logicalName();
        }
        boolean primitive = f.getType().isPrimitive();
        Object initial = fresh == null ? null : read(f, fresh);
        out.add(
            new Mapped(
                name,
                columnName,
                type,
                nullable && !primitive,
                unique,
                id,
                !primitive && nullable,
                initial));
      }
    }
    return out;
  }

  private static String liquibaseType(Class<?> t, int length) {
    if (t == boolean.class || t == Boolean.class) {
      return "BOOLEAN";
    }
    if (t == long.class || t == Long.class) {
      return "BIGINT";
    }
    if (t == int.class || t == Integer.class || t == short.class || t == Short.class) {
      return "INT";
    }
    if (t == Instant.class || t == OffsetDateTime.class) {
      return "${" + TIMESTAMP_PROPERTY + "}";
    }
    if (t == java.util.UUID.class) {
      return "VARCHAR(36)";
    }
    return "VARCHAR(" + length + ")";
  }

  private static Object instantiate(Class<?> entity) {
    try {
      Constructor<?> k = entity.getDeclaredConstructor();
      k.setAccessible(true);
      return k.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(
          entity.getName() + " needs a no-argument constructor, as JPA requires", e);
    }
  }

  private static Object read(Field f, Object o) {
    try {
      f.setAccessible(true);
      return f.get(o);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
