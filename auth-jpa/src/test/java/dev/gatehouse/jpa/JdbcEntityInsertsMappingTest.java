package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.DynamicInsert;
import org.hibernate.annotations.SQLInsert;
import org.hibernate.annotations.SoftDelete;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which mappings {@link HostMapping} lets a plain batch write: those whose rows a plain batch
 * writes exactly as {@code persist} would; every mapping whose insert Hibernate shapes (soft
 * delete, dynamic insert, custom SQL, write expressions, callbacks) keeps {@code persist}. The
 * mapping is what is checked, so one database (H2) suffices.
 */
class JdbcEntityInsertsMappingTest {
  private static EntityManagerFactory emf;

  @Entity(name = "MapSoftDeleted")
  @Table(name = "map_soft")
  @SoftDelete
  static class SoftDeleted {
    @Id String id;
  }

  @Entity(name = "MapDynamic")
  @Table(name = "map_dynamic")
  @DynamicInsert
  static class Dynamic {
    @Id String id;
    String plan;
  }

  @Entity(name = "MapCustomSql")
  @Table(name = "map_sql")
  @SQLInsert(sql = "insert into map_sql (name, id) values (upper(?), ?)")
  static class CustomSql {
    @Id String id;
    String name;
  }

  @Entity(name = "MapTransformed")
  @Table(name = "map_transformed")
  static class Transformed {
    @Id String id;

    @ColumnTransformer(write = "upper(?)")
    String name;
  }

  @Entity(name = "MapCallback")
  @Table(name = "map_callback")
  static class WithCallback {
    @Id String id;

    @PostPersist
    void persisted() {
      // Present only to be detected.
    }
  }

  /** Writes {@code "-"} for a null, so that a batch that skips the converter for nulls shows. */
  static class NullAsDash implements AttributeConverter<String, String> {
    @Override
    public String convertToDatabaseColumn(String s) {
      return s == null ? "-" : s;
    }

    @Override
    public String convertToEntityAttribute(String s) {
      return s;
    }
  }

  @Entity(name = "MapConverted")
  @Table(name = "\"map converted\"")
  static class Converted {
    @Id String id;

    @Convert(converter = NullAsDash.class)
    @Column(name = "\"order\"")
    String tag;
  }

  @BeforeAll
  static void start() {
    emf =
        new HibernatePersistenceConfiguration("mapping-" + UUID.randomUUID())
            .managedClasses(
                SoftDeleted.class,
                Dynamic.class,
                CustomSql.class,
                Transformed.class,
                WithCallback.class,
                Converted.class)
            .jdbcUrl("jdbc:h2:mem:mapping-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
            .property("hibernate.hbm2ddl.auto", "create")
            .createEntityManagerFactory();
  }

  @AfterAll
  static void stop() {
    emf.close();
  }

  @Test
  void mappingsWhoseInsertHibernateShapesKeepPersist() {
    EntityManager em = emf.createEntityManager();
    try {
      for (Class<?> shaped :
          List.of(
              SoftDeleted.class,
              Dynamic.class,
              CustomSql.class,
              Transformed.class,
              WithCallback.class)) {
        assertThat(HostMapping.whyNotInsert(em, shaped)).as(shaped.getSimpleName()).isNotNull();
      }
      assertThat(HostMapping.whyNotInsert(em, Converted.class)).isNull();
    } finally {
      em.close();
    }
  }

  @Test
  void aBatchBindsThroughConvertersAndQuotedNamesAsPersistDoes() {
    // The statements' reader with names as annotated: the converter and the quoted name.
    HostTable.Col tag = HostNaming.annotated(Converted.class).columns().get("tag");
    assertThat(tag.name()).isEqualTo("\"order\"");
    Converted persisted = new Converted();
    persisted.id = "persisted";
    EntityManager em = emf.createEntityManager();
    try {
      em.getTransaction().begin();
      em.persist(persisted);
      em.getTransaction().commit();
    } finally {
      em.close();
    }
    EntityManager read = emf.createEntityManager();
    try {
      @SuppressWarnings("unchecked")
      List<Object> tags =
          read.createNativeQuery("select \"order\" from \"map converted\" order by id")
              .getResultList();
      assertThat(tags).containsExactly(tag.toDb(null));
    } finally {
      read.close();
    }
  }
}
