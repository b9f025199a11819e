-- Ends a transaction's hold on its counters (auth-redis). KEYS: for each counter its hash, then its
-- hold key. ARGV: [1] the token, [2] 1 to restore the states before (a rollback), 0 to keep them,
-- then per counter when restoring: exists, count, window start, lock or -1, window, ttl in ms.
-- A hold that is no longer this token's (it expired and another transaction took the counter) is
-- left alone, and so is its counter; the answer counts those.
local token, restore = ARGV[1], ARGV[2] == '1'
local lost = 0
for i = 1, #KEYS, 2 do
  local k, hk = KEYS[i], KEYS[i + 1]
  if redis.call('GET', hk) == token then
    if restore then
      local b = 3 + ((i - 1) / 2) * 6
      if ARGV[b] == '0' then
        redis.call('DEL', k)
      else
        redis.call('HSET', k, 'c', ARGV[b + 1], 'w', ARGV[b + 2], 'n', ARGV[b + 4])
        if ARGV[b + 3] == '-1' then
          redis.call('HDEL', k, 'l')
        else
          redis.call('HSET', k, 'l', ARGV[b + 3])
        end
        local ttl = tonumber(ARGV[b + 5])
        if ttl > 0 then
          redis.call('PEXPIRE', k, ttl)
        else
          redis.call('PERSIST', k)
        end
      end
    end
    redis.call('DEL', hk)
  else
    lost = lost + 1
  end
end
return lost
