-- Gatehouse's counters (auth-redis), one script for every write so that each call is atomic.
-- KEYS: for each counter its hash, then its hold key (2 keys per counter).
-- ARGV: [1] the transaction's token, [2] the hold's lifetime (ms), [3] now (microseconds),
--       [4] the window (increment) or the lock's end (lock), in microseconds, then one operation
--       per counter: i increment, p prepare, k lock, d decrement, c clear, r reset.
-- A counter held by another transaction answers {-1} and changes nothing (the caller waits and
-- calls again). Otherwise every counter is held by this token, and the answer is, per counter:
-- the state before (exists, count, window start, lock or -1, window, remaining ttl in ms) and after
-- (count or -1 when absent, window start, lock or -1).
local token, hold_ms = ARGV[1], ARGV[2]
local now, arg = tonumber(ARGV[3]), tonumber(ARGV[4])
local DAY = 86400000000

for i = 2, #KEYS, 2 do
  local h = redis.call('GET', KEYS[i])
  if h and h ~= token then
    return {-1}
  end
end

local function fmt(x)
  return string.format('%.0f', x)
end

local function expire(k, w, l, win, from)
  local left = math.max(w + win, l) - from
  redis.call('PEXPIRE', k, math.max(math.ceil(left / 1000), 1000))
end

local out = {}
for i = 1, #KEYS, 2 do
  local k = KEYS[i]
  redis.call('SET', KEYS[i + 1], token, 'PX', hold_ms)
  local op = ARGV[4 + (i + 1) / 2]
  local v = redis.call('HMGET', k, 'c', 'w', 'l', 'n')
  local exists = v[1] and 1 or 0
  local c, w, l, n = tonumber(v[1] or '0'), tonumber(v[2] or '0'), tonumber(v[3] or '-1'),
    tonumber(v[4] or '0')
  local ttl = redis.call('PTTL', k)
  for _, x in ipairs({exists, c, w, l, n, ttl}) do out[#out + 1] = x end
  if op == 'i' then
    if exists == 0 or w + arg <= now then
      c, w = 1, now
    else
      c = c + 1
    end
    n = arg
    redis.call('HSET', k, 'c', fmt(c), 'w', fmt(w), 'n', fmt(n))
    expire(k, w, l, n, now)
    exists = 1
  elseif op == 'p' then
    if exists == 0 then
      c, w, l, n = 0, now, -1, DAY
      redis.call('HSET', k, 'c', '0', 'w', fmt(w), 'n', fmt(n))
      expire(k, w, l, n, now)
      exists = 1
    end
  elseif exists == 1 then
    if op == 'k' then
      l = arg
      redis.call('HSET', k, 'l', fmt(l))
      -- No clock of the caller here: the window's start stands for it (a longer ttl at worst).
      expire(k, w, l, n, w)
    elseif op == 'd' then
      if c > 0 then
        c = c - 1
        redis.call('HSET', k, 'c', fmt(c))
      end
    elseif op == 'c' then
      c, l = 0, -1
      redis.call('HSET', k, 'c', '0')
      redis.call('HDEL', k, 'l')
    elseif op == 'r' then
      redis.call('DEL', k)
      exists = 0
    end
  end
  if exists == 1 then
    for _, x in ipairs({c, w, l}) do out[#out + 1] = x end
  else
    for _, x in ipairs({-1, 0, -1}) do out[#out + 1] = x end
  end
end
return out
