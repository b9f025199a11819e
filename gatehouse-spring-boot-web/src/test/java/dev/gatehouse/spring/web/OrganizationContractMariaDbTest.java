package dev.gatehouse.spring.web;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.TestPropertySource;

/** {@link OrganizationContractTest} on MariaDB, when {@code GATEHOUSE_TEST_MARIADB_URL} is set. */
@EnabledIfEnvironmentVariable(named = "GATEHOUSE_TEST_MARIADB_URL", matches = ".+")
@TestPropertySource(properties = "gatehouse.test.database=MARIADB")
class OrganizationContractMariaDbTest extends OrganizationContractTest {}
