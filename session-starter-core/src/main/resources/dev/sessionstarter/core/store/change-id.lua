-- change-id: move a session to a new token (login, privilege change), then apply the delta.
--
-- KEYS[1]  the session hash under the old storage id
-- KEYS[2]  the session hash under the new storage id
-- KEYS[3]  optional: the per-user index (see save-delta)
-- ARGV[1]  storage format version
-- ARGV[2]  new idle timeout in milliseconds, or '' when unchanged
-- ARGV[3]  principal name when it changed in this request, or ''
-- ARGV[4]  new storage id
-- ARGV[5]  old storage id
-- ARGV[6]  now, epoch milliseconds
-- ARGV[7]  session key prefix '<namespace>:s:' (for the concurrent-session limit)
-- ARGV[8]  most sessions a principal may have, 0 for no limit
-- ARGV[9]  'evict-oldest' or 'reject'
-- ARGV[10.] the delta (see delta.lua)
--
-- Returns  1 when moved, 0 when the old session no longer exists, -1 when a new principal
--          is at its session limit and the policy is 'reject' (nothing written; the old
--          token keeps its anonymous session).
--
-- Invariants
--  * Atomic: the old id stops working in the same step in which the new one starts. A
--    signed-in session's old key keeps only the record {moved, principal} until the
--    absolute deadline; loading it is no session (see load-and-touch).
--  * Attributes and 'created' move unchanged, so the absolute deadline never moves.
--  * A session deleted meanwhile is not recreated under the new id.
--  * A principal never holds more live sessions than its limit (see create).
if redis.call('HGET', KEYS[1], 'v') ~= ARGV[1] then
  return 0
end
if KEYS[3] and ARGV[3] ~= '' and
    not admit(KEYS[3], ARGV[7], ARGV[3], tonumber(ARGV[6]), ARGV[4], tonumber(ARGV[8]), ARGV[9]) then
  return -1
end
redis.call('RENAME', KEYS[1], KEYS[2])
local previousOwner = redis.call('HGET', KEYS[2], 'principal')
local absolute = redis.call('HGET', KEYS[2], 'absolute')
if previousOwner and previousOwner ~= '' and absolute then
  -- A signed-in session leaves the record of its move (see supersede.lua): no session, but
  -- reuse of a token retired before this move can still reach the session.
  redis.call('HSET', KEYS[1], 'moved', ARGV[4], 'principal', previousOwner)
  redis.call('PEXPIREAT', KEYS[1], absolute)
end
apply_delta(KEYS[2], 10)
if KEYS[3] then
  redis.call('ZREM', KEYS[3], ARGV[5])
  local principal = ARGV[3]
  if principal == '' and redis.call('HEXISTS', KEYS[2], 'principal') == 1 then
    redis.call('ZADD', KEYS[3], redis.call('HGET', KEYS[2], 'absolute'), ARGV[4])
  end
end
apply_metadata(KEYS[2], KEYS[3], ARGV[4], ARGV[3], ARGV[2])
return 1
