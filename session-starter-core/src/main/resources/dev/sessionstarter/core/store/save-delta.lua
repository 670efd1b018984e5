-- save-delta: write only what a request changed to a session that still exists.
--
-- KEYS[1]  the session hash
-- KEYS[2]  optional: the per-user index of the session's principal (absent in Cluster mode,
--          where the caller updates it in the same pipeline)
-- ARGV[1]  storage format version
-- ARGV[2]  new idle timeout in milliseconds, or '' when unchanged
-- ARGV[3]  principal name when it changed in this request, or ''
-- ARGV[4]  storage id (member of the per-user index)
-- ARGV[5]  now, epoch milliseconds
-- ARGV[6]  session key prefix '<namespace>:s:' (for the concurrent-session limit)
-- ARGV[7]  most sessions a principal may have, 0 for no limit
-- ARGV[8]  'evict-oldest' or 'reject'
-- ARGV[9.] the delta (see delta.lua)
--
-- Returns  1 when applied, 0 when the session no longer exists, -1 when a new principal is
--          at its session limit and the policy is 'reject' (nothing written).
--
-- Invariants
--  * Never recreates a session: a save racing a logout, a revocation, an expiry or a
--    rotation is dropped (no resurrection).
--  * Touches only the fields in the delta, so concurrent requests writing different
--    attributes never lose each other's writes.
if redis.call('HGET', KEYS[1], 'v') ~= ARGV[1] then
  return 0
end
if KEYS[2] and ARGV[3] ~= '' and
    not admit(KEYS[2], ARGV[6], ARGV[3], tonumber(ARGV[5]), ARGV[4], tonumber(ARGV[7]), ARGV[8]) then
  return -1
end
apply_delta(KEYS[1], 9)
apply_metadata(KEYS[1], KEYS[2], ARGV[4], ARGV[3], ARGV[2])
return 1
