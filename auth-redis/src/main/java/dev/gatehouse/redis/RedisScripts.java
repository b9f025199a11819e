package dev.gatehouse.redis;

import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** The two Lua scripts, called by their digest and loaded again when Redis forgot them. */
final class RedisScripts {
  private final UnifiedJedis redis;
  private final Script counters = new Script("counters.lua");
  private final Script end = new Script("end.lua");

  RedisScripts(UnifiedJedis redis) {
    this.redis = redis;
  }

  /** Runs counters.lua (see its header). */
  Object counters(List<String> keys, List<String> args) {
    return run(counters, keys, args);
  }

  /** Runs end.lua (see its header); answers how many holds were lost. */
  long end(List<String> keys, List<String> args) {
    return (Long) run(end, keys, args);
  }

  private Object run(Script script, List<String> keys, List<String> args) {
    try {
      try {
        return redis.evalsha(script.sha(redis), keys, args);
      } catch (JedisNoScriptException e) {
        // Redis restarted (or SCRIPT FLUSH): load the script again.
        script.forget();
        return redis.evalsha(script.sha(redis), keys, args);
      }
    } catch (JedisException e) {
      throw new AuthInfrastructureException(
          ErrorCode.STORAGE_FAILED, "the Redis counters failed: " + e.getMessage(), true, e);
    }
  }

  /** A script's text and, once loaded, its digest. */
  private static final class Script {
    private final String text;
    private volatile String sha;

    Script(String resource) {
      try (InputStream in = RedisScripts.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + resource);
        }
        this.text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String sha(UnifiedJedis redis) {
      String s = sha;
      if (s == null) {
        s = redis.scriptLoad(text);
        sha = s;
      }
      return s;
    }

    void forget() {
      sha = null;
    }
  }
}
