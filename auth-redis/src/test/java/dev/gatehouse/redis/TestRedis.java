package dev.gatehouse.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.util.UUID;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis of the tests ({@code GATEHOUSE_TEST_REDIS_URL}), with a key prefix of its own per
 * fixture: {@link #close} deletes every key under it. Without the variable the tests are skipped.
 */
final class TestRedis implements AutoCloseable {
  static final String URL_VARIABLE = "GATEHOUSE_TEST_REDIS_URL";

  final URI uri;
  final String prefix = "gatehouse-test:" + UUID.randomUUID() + ":";
  final RedisClient client;

  private TestRedis(URI uri) {
    this.uri = uri;
    this.client = RedisClient.create(uri);
  }

  /** {@return a fixture on the tests' Redis; skips the test when none is configured} */
  static TestRedis open() {
    String url = System.getenv(URL_VARIABLE);
    assumeTrue(url != null && !url.isBlank(), URL_VARIABLE + " is not set: no Redis to test on");
    return new TestRedis(URI.create(url));
  }

  /** {@return counters under this fixture's prefix, every key in Redis} */
  RedisCounters.Builder counters() {
    return RedisCounters.builder(uri).keyPrefix(prefix).keys(k -> true);
  }

  /** {@return how many Redis keys are under this fixture's prefix} */
  int keyCount() {
    int n = 0;
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page =
          client.scan(cursor, new ScanParams().match(prefix + "*").count(500));
      n += page.getResult().size();
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return n;
  }

  @Override
  public void close() {
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page =
          client.scan(cursor, new ScanParams().match(prefix + "*").count(500));
      if (!page.getResult().isEmpty()) {
        client.del(page.getResult().toArray(String[]::new));
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    client.close();
  }
}
