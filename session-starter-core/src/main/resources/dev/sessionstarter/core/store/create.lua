-- create: store a session for the first time (only once it holds an attribute).
--
-- KEYS[1]  the session hash
-- KEYS[2]  optional: the per-user index (see save-delta)
-- ARGV[1]  storage format version
-- ARGV[2]  creation time, epoch milliseconds (also the first lastAccess)
-- ARGV[3]  idle timeout, milliseconds
-- ARGV[4]  absolute deadline, epoch milliseconds (creation + absolute timeout)
-- ARGV[5]  principal name or ''
-- ARGV[6]  storage id (member of the per-user index)
-- ARGV[7]  now, epoch milliseconds
-- ARGV[8]  session key prefix '<namespace>:s:' (for the concurrent-session limit)
-- ARGV[9]  most sessions a principal may have, 0 for no limit
-- ARGV[10] 'evict-oldest' or 'reject'
-- ARGV[11.] the delta (see delta.lua)
--
-- Returns  1 when created, 0 when the key already existed (left untouched), -1 when the
--          principal is at its session limit and the policy is 'reject' (nothing written).
--
-- Invariants
--  * The key expires at the nearer deadline from the first write on.
--  * An existing key is never overwritten.
--  * A principal never holds more live sessions than its limit: the check and the write
--    happen in one step, so parallel logins cannot all slip through.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
if KEYS[2] and ARGV[5] ~= '' and
    not admit(KEYS[2], ARGV[8], ARGV[5], tonumber(ARGV[7]), ARGV[6], tonumber(ARGV[9]), ARGV[10]) then
  return -1
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'created', ARGV[2], 'lastAccess', ARGV[2], 'idle', ARGV[3],
  'absolute', ARGV[4])
apply_delta(KEYS[1], 11)
expire_at_nearer_deadline(KEYS[1])
apply_metadata(KEYS[1], KEYS[2], ARGV[6], ARGV[5], '')
return 1
