-- retire: the last step of a periodic rotation in Redis Cluster: turn the old session key
-- into the retired-token record that rotate.lua leaves behind in one step elsewhere.
--
-- KEYS[1]  the session hash under the old storage id
-- KEYS[2]  the old token's copy of the data key <namespace>:g:{<old storage id>} (same slot)
-- ARGV[1]  storage format version
-- ARGV[2]  new storage id
-- ARGV[3]  end of the grace period of the old token, epoch milliseconds
--
-- Returns  1 when retired, 0 when the old key holds no live session (ended meanwhile: the
--          caller deletes the new copy again, so a rotation never outlives a logout).
--
-- Invariants
--  * The record holds no session data: alias, until, principal; it lives until the
--    session's absolute deadline (see rotate.lua). The data key wrapped for the old token
--    moves to KEYS[2] until a minute after the grace period, as in rotate.lua.
local meta = redis.call('HMGET', KEYS[1], 'v', 'principal', 'absolute', 'dk')
if meta[1] ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
if meta[4] then
  redis.call('SET', KEYS[2], meta[4], 'PXAT', string.format('%.0f', tonumber(ARGV[3]) + 60000))
end
redis.call('HSET', KEYS[1], 'alias', ARGV[2], 'until', ARGV[3], 'principal', meta[2] or '')
redis.call('PEXPIREAT', KEYS[1], meta[3])
return 1
