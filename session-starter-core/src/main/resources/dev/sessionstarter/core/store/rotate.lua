-- rotate: give a live session a new token and keep the old one as a short-lived alias
-- (periodic rotation), then apply the delta.
--
-- KEYS[1]  the session hash under the old storage id (becomes the retired-token record)
-- KEYS[2]  the session hash under the new storage id
-- KEYS[3]  the old token's copy of the data key <namespace>:g:{<old storage id>}
-- KEYS[4]  optional: the per-user index (see save-delta)
-- ARGV[1]  storage format version
-- ARGV[2]  new idle timeout in milliseconds, or '' when unchanged
-- ARGV[3]  principal name when it changed in this request, or ''
-- ARGV[4]  new storage id
-- ARGV[5]  old storage id
-- ARGV[6]  now, epoch milliseconds
-- ARGV[7]  session key prefix '<namespace>:s:' (for the concurrent-session limit)
-- ARGV[8]  most sessions a principal may have, 0 for no limit
-- ARGV[9]  'evict-oldest' or 'reject'
-- ARGV[10] grace period of the old token, milliseconds
-- ARGV[11.] the delta (see delta.lua)
--
-- Returns  1 when rotated, 0 when the old key holds no live session (deleted, expired, or
--          already rotated by a parallel request: the caller then follows the alias), -1
--          when a new principal is at its session limit and the policy is 'reject'.
--
-- The retired-token record left under the old key holds only
--   alias = new storage id, until = end of the grace period, principal
-- and lives until the session's absolute deadline, so that the old token presented after
-- the grace period is recognised as reuse rather than as an unknown token. The data key
-- wrapped for the old token (see SealedValues) moves to KEYS[3], which expires a minute
-- after the grace period: the old token opens the session's sealed values while it may
-- be used, and never after.
--
-- Invariants
--  * Atomic: the old token turns into an alias in the same step in which the new one starts.
--  * Attributes and 'created' move unchanged, so the absolute deadline never moves.
--  * A session deleted meanwhile is not recreated under the new id.
if redis.call('HGET', KEYS[1], 'v') ~= ARGV[1] then
  return 0
end
if KEYS[4] and ARGV[3] ~= '' and
    not admit(KEYS[4], ARGV[7], ARGV[3], tonumber(ARGV[6]), ARGV[4], tonumber(ARGV[8]), ARGV[9]) then
  return -1
end
local wrapped = redis.call('HGET', KEYS[1], 'dk')
local graceUntil = tonumber(ARGV[6]) + tonumber(ARGV[10])
redis.call('RENAME', KEYS[1], KEYS[2])
if wrapped then
  redis.call('SET', KEYS[3], wrapped, 'PXAT', string.format('%.0f', graceUntil + 60000))
end
redis.call('HSET', KEYS[2], 'rotated', ARGV[6])
apply_delta(KEYS[2], 11)
if KEYS[4] then
  redis.call('ZREM', KEYS[4], ARGV[5])
  if ARGV[3] == '' and redis.call('HEXISTS', KEYS[2], 'principal') == 1 then
    redis.call('ZADD', KEYS[4], redis.call('HGET', KEYS[2], 'absolute'), ARGV[4])
  end
end
apply_metadata(KEYS[2], KEYS[4], ARGV[4], ARGV[3], ARGV[2])
local meta = redis.call('HMGET', KEYS[2], 'principal', 'absolute')
redis.call('HSET', KEYS[1], 'alias', ARGV[4], 'until', string.format('%.0f', graceUntil), 'principal',
    meta[1] or '')
redis.call('PEXPIREAT', KEYS[1], meta[2])
return 1
