-- retire: the last step of a periodic rotation in Redis Cluster: turn the old session key
-- into the retired-token record that rotate.lua leaves behind in one step elsewhere.
--
-- KEYS[1]  the session hash under the old storage id
-- ARGV[1]  storage format version
-- ARGV[2]  new storage id
-- ARGV[3]  end of the grace period of the old token, epoch milliseconds
--
-- Returns  1 when retired, 0 when the old key holds no live session (ended meanwhile: the
--          caller deletes the new copy again, so a rotation never outlives a logout).
--
-- Invariants
--  * The record holds no session data: alias, until, principal; it lives until the
--    session's absolute deadline (see rotate.lua).
local meta = redis.call('HMGET', KEYS[1], 'v', 'principal', 'absolute')
if meta[1] ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'alias', ARGV[2], 'until', ARGV[3], 'principal', meta[2] or '')
redis.call('PEXPIREAT', KEYS[1], meta[3])
return 1
