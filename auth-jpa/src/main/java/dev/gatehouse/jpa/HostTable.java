package dev.gatehouse.jpa;

import jakarta.persistence.AssociationOverride;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One host entity's table as the JPA mapping annotations on its class hierarchy declare it: table
 * and column names (overrides, quoting and the naming strategies applied), converters, the key and
 * how it is generated, the owner's join column, and why a plain statement would not mean what the
 * JPQL form means. Read by reflection only ({@link #read}); {@link HostMapping} checks it against
 * Hibernate's public settings, the facts of {@link GatehouseJpa#hibernateFacts} and the database.
 * Schema adoption reads its columns from here too ({@link MappedColumns}).
 *
 * @param entity the entity class
 * @param name the table's name as SQL writes it (quoted where it must be)
 * @param logicalName the table's name without quotes
 * @param quoted whether the table's name is quoted
 * @param columns the basic columns by attribute, in the order of the class hierarchy (superclass
 *     first), the key included
 * @param id the key's attribute name, or {@code null} when the entity declares no single key
 * @param identity whether the database generates the key on insert
 * @param joins the join columns of to-one associations by attribute
 * @param notPlain why reads and updates must stay JPQL, or {@code null} when they need not
 * @param notInsertable why new rows must be persisted one by one, or {@code null} when a batch
 *     writes them as persist would
 */
record HostTable(
    Class<?> entity,
    String name,
    String logicalName,
    boolean quoted,
    Map<String, HostTable.Col> columns,
    @Nullable String id,
    boolean identity,
    Map<String, Col> joins,
    @Nullable String notPlain,
    @Nullable String notInsertable) {

  /**
   * One column.
   *
   * @param attribute the attribute
   * @param name the column's name as SQL writes it (quoted where it must be)
   * @param logicalName the column's name without quotes
   * @param quoted whether it is quoted
   * @param javaType the attribute's type
   * @param converter the attribute's converter, or {@code null}
   * @param dbType the type the database column holds (the converter's, else the attribute's)
   * @param field the attribute's field
   * @param insertable whether an insert writes it
   * @param updatable whether an update may write it
   * @param column the {@code @Column} in force, or {@code null}
   */
  record Col(
      String attribute,
      String name,
      String logicalName,
      boolean quoted,
      Class<?> javaType,
      @Nullable AttributeConverter<Object, Object> converter,
      Class<?> dbType,
      Field field,
      boolean insertable,
      boolean updatable,
      @Nullable Column column) {

    /** The value as the statement binds it: converted, a character as text. */
    @Nullable Object toDb(@Nullable Object value) {
      Object db = converter == null ? value : converter.convertToDatabaseColumn(value);
      return db instanceof Character c ? c.toString() : db;
    }

    /** The attribute's value read from a row, converted back. */
    @Nullable Object read(ResultSet row, int index, SqlDialect dialect) throws SQLException {
      Object db = readDb(row, index, dialect);
      // Converters see nulls too, as when Hibernate reads the entity.
      return converter == null ? db : converter.convertToEntityAttribute(db);
    }

    private @Nullable Object readDb(ResultSet row, int index, SqlDialect dialect)
        throws SQLException {
      Class<?> t = wrap(dbType);
      if (t == Instant.class) {
        return dialect.readInstant(row, index);
      }
      if (t == String.class) {
        return row.getString(index);
      }
      if (t == Character.class) {
        String s = row.getString(index);
        return s == null || s.isEmpty() ? null : s.charAt(0);
      }
      Object value;
      if (t == Boolean.class) {
        value = row.getBoolean(index);
      } else if (t == Long.class) {
        value = row.getLong(index);
      } else if (t == Integer.class) {
        value = row.getInt(index);
      } else if (t == Short.class) {
        value = row.getShort(index);
      } else {
        value = row.getObject(index, t);
      }
      return row.wasNull() ? null : value;
    }

    /** The attribute's value of an entity. */
    @Nullable Object valueOf(Object entity) {
      try {
        return field.get(entity);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read " + field, e);
      }
    }
  }

  /** Types a plain statement binds and reads as Hibernate does, by their Java type. */
  static final Set<Class<?>> PLAIN_TYPES =
      Set.of(
          String.class,
          Boolean.class,
          Long.class,
          Integer.class,
          Short.class,
          Character.class,
          Instant.class,
          LocalDate.class);

  /** Class-level annotations that add a condition to every query or hide rows (by name). */
  private static final Set<String> RESTRICTING =
      Set.of(
          "org.hibernate.annotations.SQLRestriction",
          "org.hibernate.annotations.SQLRestrictions",
          "org.hibernate.annotations.Where",
          "org.hibernate.annotations.SoftDelete");

  /** Class-level annotations that shape an insert (by name). */
  private static final Set<String> INSERT_SHAPING =
      Set.of(
          "org.hibernate.annotations.SQLInsert",
          "org.hibernate.annotations.SQLInserts",
          "org.hibernate.annotations.DynamicInsert",
          "jakarta.persistence.EntityListeners");

  /** Class-level annotations that change where or how the rows are (by name). */
  private static final Set<String> SHAPING =
      Set.of(
          "jakarta.persistence.Inheritance",
          "jakarta.persistence.DiscriminatorColumn",
          "jakarta.persistence.DiscriminatorValue",
          "jakarta.persistence.SecondaryTable",
          "jakarta.persistence.SecondaryTables",
          "jakarta.persistence.IdClass",
          "org.hibernate.annotations.Subselect",
          "org.hibernate.annotations.Immutable",
          "org.hibernate.annotations.View");

  /** Field annotations a plain column may carry; any other makes the column not understood. */
  private static final Set<Class<? extends Annotation>> PLAIN_FIELD =
      Set.of(
          Column.class,
          Id.class,
          GeneratedValue.class,
          Convert.class,
          jakarta.persistence.Basic.class);

  /** Field annotations of a to-one association a plain statement understands. */
  private static final Set<String> TO_ONE =
      Set.of(
          "jakarta.persistence.ManyToOne",
          "jakarta.persistence.OneToOne",
          "jakarta.persistence.JoinColumn");

  /** Field annotations of attributes that have no column on this table (by name). */
  private static final Set<String> NO_COLUMN =
      Set.of(
          "jakarta.persistence.OneToMany",
          "jakarta.persistence.ManyToMany",
          "jakarta.persistence.ElementCollection");

  /** How names are written: the naming strategies and quoting in force. */
  interface Naming {
    /** The physical name of a logical one, or {@code null} when it cannot be known. */
    @Nullable String physical(String logical, boolean quoted);

    /** Whether every name is quoted. */
    boolean quoteAll();
  }

  /**
   * Reads the mapping annotations of {@code type} and its mapped superclasses.
   *
   * @param entityName the JPA entity name (the default table name)
   * @param quote the database's identifier quote
   */
  static HostTable read(Class<?> type, String entityName, Naming naming, String quote) {
    List<String> notPlain = new ArrayList<>();
    List<String> notInsertable = new ArrayList<>();
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
      if (k != type && k.isAnnotationPresent(Entity.class)) {
        notPlain.add("it inherits the entity " + k.getName());
      }
      for (Annotation a : k.getDeclaredAnnotations()) {
        String n = a.annotationType().getName();
        if (RESTRICTING.contains(n)) {
          notPlain.add(k.getSimpleName() + " has @" + a.annotationType().getSimpleName());
        } else if (SHAPING.contains(n)) {
          notPlain.add(k.getSimpleName() + " has @" + a.annotationType().getSimpleName());
        } else if (INSERT_SHAPING.contains(n)) {
          notInsertable.add(k.getSimpleName() + " has @" + a.annotationType().getSimpleName());
        } else if (n.equals("jakarta.persistence.Access")
            && !((jakarta.persistence.Access) a)
                .value()
                .equals(jakarta.persistence.AccessType.FIELD)) {
          notPlain.add(k.getSimpleName() + " maps properties, not fields");
        }
      }
      if (k.isAnnotationPresent(Entity.class) || k.isAnnotationPresent(MappedSuperclass.class)) {
        chain.add(0, k);
      }
    }
    // Overrides and class-level converters: the entity's win over its superclasses'.
    Map<String, Column> overrides = new LinkedHashMap<>();
    Map<String, JoinColumn> joinOverrides = new LinkedHashMap<>();
    Map<String, Convert> converts = new LinkedHashMap<>();
    for (Class<?> k : chain) {
      for (AttributeOverride o : k.getAnnotationsByType(AttributeOverride.class)) {
        overrides.put(o.name(), o.column());
      }
      for (AssociationOverride o : k.getAnnotationsByType(AssociationOverride.class)) {
        if (o.joinColumns().length == 1) {
          joinOverrides.put(o.name(), o.joinColumns()[0]);
        } else {
          notPlain.add("the association override of " + o.name() + " is not one join column");
        }
      }
      for (Convert c : k.getAnnotationsByType(Convert.class)) {
        converts.put(c.attributeName(), c);
      }
    }
    Table table = type.getAnnotation(Table.class);
    if (table != null && (!table.schema().isEmpty() || !table.catalog().isEmpty())) {
      notPlain.add("its table names a schema or catalog");
    }
    String tableLogical = table != null && !table.name().isEmpty() ? table.name() : entityName;
    Name tableName = name(tableLogical, naming, quote);
    if (tableName == null) {
      notPlain.add("the naming strategy's name of " + tableLogical + " is not known");
      tableName = new Name(tableLogical, tableLogical, false);
    }
    Map<String, Col> columns = new LinkedHashMap<>();
    Map<String, Col> joins = new LinkedHashMap<>();
    String id = null;
    boolean identity = false;
    for (Class<?> k : chain) {
      for (Field f : k.getDeclaredFields()) {
        if (!persistent(f)) {
          continue;
        }
        String attribute = f.getName();
        List<String> foreign = new ArrayList<>();
        boolean toOne = false;
        boolean noColumn =
            Collection.class.isAssignableFrom(f.getType())
                || Map.class.isAssignableFrom(f.getType());
        for (Annotation a : f.getDeclaredAnnotations()) {
          String n = a.annotationType().getName();
          if (TO_ONE.contains(n)) {
            toOne |= !n.endsWith("JoinColumn");
          } else if (NO_COLUMN.contains(n)) {
            noColumn = true;
          } else if (!PLAIN_FIELD.contains(a.annotationType())) {
            foreign.add("@" + a.annotationType().getSimpleName());
          }
        }
        if (f.isAnnotationPresent(Id.class)) {
          if (id != null) {
            notPlain.add("it has a composite key");
          }
          id = attribute;
          GeneratedValue g = f.getAnnotation(GeneratedValue.class);
          identity = g != null && g.strategy() == GenerationType.IDENTITY;
          if (g != null && !identity) {
            notInsertable.add("Hibernate generates its keys (" + g.strategy() + ")");
          }
        }
        if (noColumn) {
          notInsertable.add(attribute + " is a collection");
          continue;
        }
        if (!foreign.isEmpty()) {
          String why = attribute + " has " + String.join(", ", foreign);
          if (foreign.contains("@TenantId") || foreign.contains("@Version")) {
            notPlain.add(why);
          } else {
            // Not understood: a statement that needs the column stays JPQL (HostMapping).
            notInsertable.add(why);
            continue;
          }
        }
        if (toOne) {
          JoinColumn j =
              joinOverrides.containsKey(attribute)
                  ? joinOverrides.get(attribute)
                  : f.getAnnotation(JoinColumn.class);
          if (j == null || j.name().isEmpty() || !j.referencedColumnName().isEmpty()) {
            notInsertable.add(attribute + " has no join column of its own name");
            continue;
          }
          Name jn = name(j.name(), naming, quote);
          if (jn == null) {
            notPlain.add("the naming strategy's name of " + j.name() + " is not known");
            continue;
          }
          f.setAccessible(true);
          joins.put(
              attribute,
              new Col(
                  attribute,
                  jn.sql,
                  jn.logical,
                  jn.quoted,
                  f.getType(),
                  null,
                  f.getType(),
                  f,
                  j.insertable(),
                  j.updatable(),
                  null));
          // Whether a statement may leave the association out is the statement's (HostMapping).
          continue;
        }
        Column c =
            overrides.containsKey(attribute)
                ? overrides.get(attribute)
                : f.getAnnotation(Column.class);
        String logical = c != null && !c.name().isEmpty() ? c.name() : attribute;
        Name cn = name(logical, naming, quote);
        if (cn == null) {
          notInsertable.add("the naming strategy's name of " + logical + " is not known");
          continue;
        }
        Convert convert =
            f.isAnnotationPresent(Convert.class)
                ? f.getAnnotation(Convert.class)
                : converts.get(attribute);
        AttributeConverter<Object, Object> converter = null;
        Class<?> dbType = f.getType();
        if (convert != null
            && !convert.disableConversion()
            && convert.converter() != AttributeConverter.class) {
          converter = instantiate(convert.converter());
          dbType = converter == null ? null : databaseType(convert.converter());
          if (converter == null || dbType == null) {
            notInsertable.add(attribute + "'s converter is not understood");
            continue;
          }
        }
        if (!PLAIN_TYPES.contains(wrap(dbType))) {
          notInsertable.add(attribute + " is of type " + dbType.getName());
          continue;
        }
        try {
          f.setAccessible(true);
        } catch (RuntimeException closed) {
          notPlain.add(attribute + " cannot be read");
          continue;
        }
        columns.put(
            attribute,
            new Col(
                attribute,
                cn.sql,
                cn.logical,
                cn.quoted,
                f.getType(),
                converter,
                dbType,
                f,
                c == null || c.insertable(),
                c == null || c.updatable(),
                c));
      }
    }
    if (id == null) {
      notPlain.add("it declares no key on a field");
    }
    return new HostTable(
        type,
        tableName.sql,
        tableName.logical,
        tableName.quoted,
        columns,
        id,
        identity,
        joins,
        notPlain.isEmpty() ? null : String.join("; ", notPlain),
        notInsertable.isEmpty() ? null : String.join("; ", notInsertable));
  }

  /** A field JPA maps: not static, transient or synthetic. */
  static boolean persistent(Field f) {
    int mod = f.getModifiers();
    return !Modifier.isStatic(mod)
        && !Modifier.isTransient(mod)
        && !f.isSynthetic()
        && !f.isAnnotationPresent(Transient.class);
  }

  /** A name as SQL writes it and as the database reports it. */
  private record Name(String sql, String logical, boolean quoted) {}

  private static @Nullable Name name(String declared, Naming naming, String quote) {
    String bare = declared.strip();
    boolean quoted = naming.quoteAll();
    if ((bare.startsWith("`") && bare.endsWith("`"))
        || (bare.startsWith("\"") && bare.endsWith("\"") && bare.length() > 1)) {
      bare = bare.substring(1, bare.length() - 1);
      quoted = true;
    }
    String physical = naming.physical(bare, quoted);
    if (physical == null) {
      return null;
    }
    return new Name(quoted ? quote + physical + quote : physical, physical, quoted);
  }

  @SuppressWarnings("unchecked")
  private static @Nullable AttributeConverter<Object, Object> instantiate(Class<?> type) {
    try {
      var k = type.getDeclaredConstructor();
      k.setAccessible(true);
      return (AttributeConverter<Object, Object>) k.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The database side of a converter's {@code AttributeConverter<X, Y>}, or {@code null}. */
  static @Nullable Class<?> databaseType(Class<?> converter) {
    return resolve(converter, AttributeConverter.class, 1, Map.of());
  }

  private static @Nullable Class<?> resolve(
      Type type, Class<?> target, int index, Map<TypeVariable<?>, Type> bound) {
    Class<?> raw;
    Map<TypeVariable<?>, Type> here = new java.util.HashMap<>(bound);
    if (type instanceof ParameterizedType p) {
      raw = (Class<?>) p.getRawType();
      TypeVariable<?>[] vars = raw.getTypeParameters();
      Type[] args = p.getActualTypeArguments();
      for (int i = 0; i < vars.length; i++) {
        here.put(
            vars[i],
            args[i] instanceof TypeVariable<?> v && bound.containsKey(v) ? bound.get(v) : args[i]);
      }
    } else if (type instanceof Class<?> c) {
      raw = c;
    } else {
      return null;
    }
    if (raw == target) {
      Type arg = here.get(raw.getTypeParameters()[index]);
      return arg instanceof Class<?> c
          ? c
          : arg instanceof ParameterizedType p ? (Class<?>) p.getRawType() : null;
    }
    List<Type> supers = new ArrayList<>(List.of(raw.getGenericInterfaces()));
    if (raw.getGenericSuperclass() != null) {
      supers.add(raw.getGenericSuperclass());
    }
    for (Type s : supers) {
      Class<?> found = resolve(s, target, index, here);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  static Class<?> wrap(Class<?> t) {
    if (!t.isPrimitive()) {
      return t;
    }
    return t == boolean.class
        ? Boolean.class
        : t == long.class
            ? Long.class
            : t == int.class
                ? Integer.class
                : t == short.class ? Short.class : t == char.class ? Character.class : t;
  }
}
