/**
 * Test support for Spring Boot hosts of Gatehouse. Annotate a test with {@link
 * dev.gatehouse.spring.boot.test.AutoConfigureGatehouseTest} to get capturing SMS and email senders
 * as beans (every message is kept instead of sent), deliveries on the calling thread right after
 * the commit (a test reads what was sent without waiting), and {@link
 * dev.gatehouse.spring.boot.test.GatehouseTestUsers} to create users and log them in.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureMockMvc
 * @AutoConfigureGatehouseTest
 * class OrdersTest {
 *   @Autowired MockMvc mvc;
 *   @Autowired GatehouseTestUsers users;
 *
 *   @Test
 *   void aLoggedInUserSeesTheirOrders() throws Exception {
 *     TestUser alice = users.create("alice@example.com", "correct horse battery staple");
 *     mvc.perform(get("/orders").with(users.bearer(alice))).andExpect(status().isOk());
 *   }
 * }
 * }</pre>
 */
@NullMarked
package dev.gatehouse.spring.boot.test;

import org.jspecify.annotations.NullMarked;
