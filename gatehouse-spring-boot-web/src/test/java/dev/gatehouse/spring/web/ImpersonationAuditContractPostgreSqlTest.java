package dev.gatehouse.spring.web;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link ImpersonationAuditContractTest} on PostgreSQL, when {@code GATEHOUSE_TEST_POSTGRES_URL} is
 * set.
 */
@EnabledIfEnvironmentVariable(named = "GATEHOUSE_TEST_POSTGRES_URL", matches = ".+")
@TestPropertySource(properties = "gatehouse.test.database=POSTGRESQL")
class ImpersonationAuditContractPostgreSqlTest extends ImpersonationAuditContractTest {}
