-- supersede: the last step of a login or privilege-change move in Redis Cluster (see
-- move-in.lua): end the old token, leaving a record of where its session went.
--
-- A revocation in Cluster reads the per-user index and then deletes each session it found
-- with its own command (see delete.lua). A session that moves between those two steps is
-- not at its old key any more and not yet in the index under its new one; the record lets
-- the revocation follow it. The record is no session: loading it answers "no session",
-- touches nothing and announces nothing (see load-and-touch.lua). change-id.lua leaves the
-- same record in one step.
--
-- KEYS[1]  the session hash under the old storage id
-- ARGV[1]  storage format version
-- ARGV[2]  new storage id
--
-- Returns  1 when superseded, 0 when the old key holds no live session of this format (ended
--          meanwhile: the caller deletes the new copy again, so a move never outlives a logout).
--
-- Invariants
--  * The record holds no session data: moved, principal. It lives until the session's
--    absolute deadline, as retire.lua's does, so no pause of the moving request between
--    this step and its index update can outlast it.
--  * A session without a principal leaves no record: no index lists it, so no revocation
--    can be looking for it.
local meta = redis.call('HMGET', KEYS[1], 'v', 'principal', 'absolute')
if meta[1] ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
if meta[2] and meta[2] ~= '' and meta[3] then
  redis.call('HSET', KEYS[1], 'moved', ARGV[2], 'principal', meta[2])
  redis.call('PEXPIREAT', KEYS[1], meta[3])
end
return 1
