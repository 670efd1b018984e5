-- delete: end a session now (logout, revocation).
--
-- KEYS[1]  the session hash
-- KEYS[2]  optional: the per-user index of its principal, when the caller knows it
-- ARGV[1]  storage id (member of the per-user index)
-- ARGV[2]  optional: the principal the session must belong to (revocation in Redis Cluster,
--          where revoke-sessions cannot run), '' for any; a session of anyone else is left alone
--
-- Returns  {deleted (0 or 1), principal or ''}; the caller uses the principal to clean the
--          index when it could not pass KEYS[2].
--          {2, principal, id} with ARGV[2], when the key holds the record of a token whose
--          session moved to storage id `id` (retire.lua, supersede.lua): nothing is deleted,
--          the caller ends the session under `id` instead.
--
-- Invariants
--  * Once this returns, no request can load or save the session again (see save-delta).
--  * With ARGV[2], only a session of that principal is deleted.
--  * With ARGV[2], a session that moved in Redis Cluster after the caller read the index
--    is still found: the revocation follows it instead of ending only its old record.
--  * The record a Cluster move leaves (supersede.lua) is never deleted here: it is no
--    session to end, and a revocation under way may still need to follow it.
local meta = redis.call('HMGET', KEYS[1], 'principal', 'alias', 'moved')
local principal = meta[1]
if ARGV[2] and ARGV[2] ~= '' then
  if principal ~= ARGV[2] then
    return {0, principal or ''}
  end
  local target = meta[2] or meta[3]
  if target then
    return {2, principal, target}
  end
end
if meta[3] then
  return {0, principal or ''}
end
local deleted = redis.call('DEL', KEYS[1])
if KEYS[2] then
  redis.call('ZREM', KEYS[2], ARGV[1])
end
return {deleted, principal or ''}
