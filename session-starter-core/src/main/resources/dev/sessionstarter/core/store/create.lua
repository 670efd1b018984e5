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
-- ARGV[7.] the delta (see delta.lua)
--
-- Returns  1 when created, 0 when the key already existed (left untouched).
--
-- Invariants
--  * The key expires at the nearer deadline from the first write on.
--  * An existing key is never overwritten.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'created', ARGV[2], 'lastAccess', ARGV[2], 'idle', ARGV[3],
  'absolute', ARGV[4])
apply_delta(KEYS[1], 7)
expire_at_nearer_deadline(KEYS[1])
apply_metadata(KEYS[1], KEYS[2], ARGV[6], ARGV[5], '')
return 1
