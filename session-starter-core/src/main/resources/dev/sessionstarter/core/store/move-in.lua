-- move-in: the middle step of a session move (login, privilege change) in Redis Cluster.
--
-- In Cluster the old and the new session key hash to different slots, so no one script may
-- RENAME one to the other (see change-id for standalone and Sentinel). The store moves a
-- session in three one-slot steps instead:
--   1. load-and-touch on the old key reads every field;
--   2. this script creates the new key from those fields plus the request's delta;
--   3. supersede on the old key ends the old token (retire, for a periodic rotation); if the
--      old session was already gone (a logout, revocation or expiry landed between the
--      steps) the store deletes the new key again, so a session ended during the move is
--      never resurrected under the new token.
-- Between steps 2 and 3 both keys exist, but only the moving request knows the new token.
-- A save of the old session that lands between steps 1 and 3 is lost, as a save racing a
-- rotation is in change-id.
--
-- KEYS[1]  the session hash under the new storage id
-- ARGV[1]  storage format version
-- ARGV[2]  new idle timeout in milliseconds, or '' when unchanged
-- ARGV[3]  principal name when it changed in this request, or ''
-- ARGV[4]  new storage id
-- ARGV[5]  n, the number of copied fields
-- ARGV[6.] n pairs (field, value) as step 1 read them, then the delta (see delta.lua)
--
-- Returns  1 when created, 0 when the new key already existed or the copied fields are not
--          a session of this format (nothing written).
--
-- Invariants
--  * 'created', 'absolute' and every attribute are copied unchanged, so the absolute deadline
--    never moves.
--  * The key expires at the nearer deadline from the first write on.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local n = tonumber(ARGV[5])
local version
local copied = {}
for i = 6, 5 + 2 * n, 2 do
  copied[#copied + 1] = ARGV[i]
  copied[#copied + 1] = ARGV[i + 1]
  if ARGV[i] == 'v' then
    version = ARGV[i + 1]
  end
end
if version ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], unpack(copied))
apply_delta(KEYS[1], 6 + 2 * n)
expire_at_nearer_deadline(KEYS[1])
apply_metadata(KEYS[1], nil, ARGV[4], ARGV[3], ARGV[2])
return 1
