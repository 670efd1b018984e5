-- tokens-revoked: the moment before which every API token family of a principal is void
-- (set by "sign out everywhere" and by credential changes; read at each refresh).
--
-- KEYS[1]  <namespace>:u:{<sha256 of principal>}:revoked (the slot of the principal's index)
-- ARGV[1]  'set' or 'get'
-- ARGV[2]  for 'set': now, epoch milliseconds
-- ARGV[3]  for 'set': how long to keep the mark, milliseconds (the refresh-token lifetime:
--          older families have ended by themselves)
--
-- Returns  the mark (epoch milliseconds) or false when there is none.
--
-- Invariants
--  * The mark only moves forward, so a late, older 'set' cannot revive families.
if ARGV[1] == 'set' then
  local current = tonumber(redis.call('GET', KEYS[1]) or '0')
  if tonumber(ARGV[2]) > current then
    redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  end
end
return redis.call('GET', KEYS[1])
