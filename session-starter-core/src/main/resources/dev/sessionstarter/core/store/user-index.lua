-- user-index: shared functions for the per-user index, prepended to the scripts that use it.
--
-- The index <namespace>:u:{<sha256 of principal>} is a sorted set of storage ids scored by
-- each session's absolute deadline. A member is live when its session hash exists, still
-- names the same principal and neither deadline has passed; anything else is pruned when
-- met. Session hashes are addressed through a key prefix passed by the caller, so these
-- functions touch keys outside KEYS: they run on standalone and Sentinel deployments, not
-- in Redis Cluster, where the store uses pipelined commands instead.

-- Storage ids evicted by admit in this script call, returned by with_evicted.
local evicted = {}

local function session_key(prefix, id)
  return prefix .. '{' .. id .. '}'
end

-- Whether session fields {principal, lastAccess, idle, absolute, ...} describe a live
-- session of `principal`.
local function is_live(m, principal, now)
  local last, idle, absolute = tonumber(m[2]), tonumber(m[3]), tonumber(m[4])
  return m[1] == principal and last ~= nil and idle ~= nil and absolute ~= nil
    and now < last + idle and now < absolute
end

-- Reads the members of an index (other than `except`) with the given extra session fields,
-- pruning dead members on the way. Each entry is {id, principal, lastAccess, idle,
-- absolute, extra fields...}.
local function live_members(indexKey, prefix, principal, now, except, ...)
  redis.call('ZREMRANGEBYSCORE', indexKey, '-inf', now)
  local live = {}
  for _, id in ipairs(redis.call('ZRANGE', indexKey, 0, -1)) do
    if id ~= except then
      local m = redis.call('HMGET', session_key(prefix, id), 'principal', 'lastAccess', 'idle', 'absolute', ...)
      if is_live(m, principal, now) then
        table.insert(m, 1, id)
        live[#live + 1] = m
      else
        redis.call('ZREM', indexKey, id)
      end
    end
  end
  return live
end

-- Makes room for one more session of `principal` under a limit of `max` (0: no limit).
-- policy 'evict-oldest' deletes the least recently used sessions; 'reject' refuses.
-- Returns false when the new session must not be admitted. Writes nothing when refusing.
local function admit(indexKey, prefix, principal, now, member, max, policy)
  if max <= 0 then
    return true
  end
  local live = live_members(indexKey, prefix, principal, now, member)
  local excess = #live - max + 1
  if excess <= 0 then
    return true
  end
  if policy == 'reject' then
    return false
  end
  table.sort(live, function(a, b) return tonumber(a[3]) < tonumber(b[3]) end)
  for i = 1, excess do
    redis.call('DEL', session_key(prefix, live[i][1]))
    redis.call('ZREM', indexKey, live[i][1])
    evicted[#evicted + 1] = live[i][1]
  end
  return true
end

-- The reply of a writing script (create, save-delta, change-id): SessionScripts runs each
-- one as a function and returns {its result, storage ids evicted by admit...}, so that the
-- application can publish an event per evicted session without another round trip.
local function with_evicted(result)
  -- A loop rather than unpack: unpack is bounded by the Lua stack, evictions are not.
  local reply = {result}
  for i = 1, #evicted do
    reply[i + 1] = evicted[i]
  end
  return reply
end
