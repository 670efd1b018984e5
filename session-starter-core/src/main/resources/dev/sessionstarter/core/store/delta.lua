-- delta: shared functions, prepended to save-delta, create and change-id when they are loaded.
--
-- A delta is read from ARGV starting at position `at`:
--   n, then n pairs (attribute field, JSON value) to set,
--   m, then m attribute fields to delete,
--   then the session's data key wrapped for its (new) token, or '' when it stays.
-- Attribute fields carry the 'a:' prefix, so a delta can never overwrite other metadata.

local function apply_delta(key, at)
  local sets = tonumber(ARGV[at])
  local i = at + 1
  if sets > 0 then
    local args = {}
    for j = 0, sets - 1 do
      args[#args + 1] = ARGV[i + 2 * j]
      args[#args + 1] = ARGV[i + 2 * j + 1]
    end
    redis.call('HSET', key, unpack(args))
  end
  i = i + 2 * sets
  local removals = tonumber(ARGV[i])
  if removals > 0 then
    redis.call('HDEL', key, unpack(ARGV, i + 1, i + removals))
  end
  local wrapped = ARGV[i + removals + 1]
  if wrapped and wrapped ~= '' then
    redis.call('HSET', key, 'dk', wrapped)
  end
end

-- Moves the key's expiry to the nearer deadline after idle or lastAccess changed.
local function expire_at_nearer_deadline(key)
  local meta = redis.call('HMGET', key, 'lastAccess', 'idle', 'absolute')
  local deadline = math.min(tonumber(meta[1]) + tonumber(meta[2]), tonumber(meta[3]))
  redis.call('PEXPIREAT', key, string.format('%.0f', deadline))
end

-- Records principal and idle changes; keeps the per-user index (if passed) in step.
-- principal: '' keeps the current one. idle: '' keeps the current one.
local function apply_metadata(key, indexKey, member, principal, idle)
  if idle ~= '' then
    redis.call('HSET', key, 'idle', idle)
    expire_at_nearer_deadline(key)
  end
  if principal ~= '' then
    redis.call('HSET', key, 'principal', principal)
    if indexKey then
      redis.call('ZADD', indexKey, redis.call('HGET', key, 'absolute'), member)
    end
  end
end
