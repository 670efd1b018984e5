-- refresh-lock: a short lock that lets one request of a session, on any node, refresh the
-- session's tokens with its identity provider while the others wait for the result.
--
-- KEYS[1]  <namespace>:l:{<storage id>}:<sha256 of the lock's name>
-- ARGV[1]  'acquire', 'release' or 'held'
-- ARGV[2]  the owner: a random value only the acquiring request knows
-- ARGV[3]  for 'acquire': how long the lock lives, milliseconds (a crashed owner cannot
--          hold it longer)
--
-- Returns  1 when acquired / released / held, 0 otherwise.
--
-- Invariants
--  * Only the owner releases the lock; a release after the lock expired and was taken by
--    another request leaves the new owner's lock alone.
if ARGV[1] == 'acquire' then
  return redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[3]) and 1 or 0
elseif ARGV[1] == 'release' then
  if redis.call('GET', KEYS[1]) == ARGV[2] then
    return redis.call('DEL', KEYS[1])
  end
  return 0
end
return redis.call('EXISTS', KEYS[1])
