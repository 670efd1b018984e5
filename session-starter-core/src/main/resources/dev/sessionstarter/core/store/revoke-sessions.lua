-- revoke-sessions: end one, all other, all, or the matching sessions of a principal, in one
-- round trip.
--
-- KEYS[1]  the principal's index <namespace>:u:{<sha256 of principal>}
-- ARGV[1]  now, epoch milliseconds
-- ARGV[2]  session key prefix '<namespace>:s:'
-- ARGV[3]  principal name
-- ARGV[4]  'one', 'others', 'all' or 'matching'
-- ARGV[5]  storage id: the session to end ('one') or to keep ('others'); '' for 'all';
--          for 'matching' the session field to compare
-- ARGV[6]  for 'matching': the value of that field in the sessions to end
--
-- Returns  the storage ids of the sessions ended.
--
-- Invariants
--  * Only sessions that belong to the principal are ended: a storage id that is not in the
--    principal's index, or whose session names another principal, is left alone, so a
--    user can never end someone else's session through this script.
--  * An ended session is deleted at once; its next request finds nothing.
local now = tonumber(ARGV[1])
local mode = ARGV[4]
local ended = {}
local function finish(id)
  redis.call('DEL', session_key(ARGV[2], id))
  redis.call('ZREM', KEYS[1], id)
  ended[#ended + 1] = id
end
if mode == 'one' then
  if redis.call('ZSCORE', KEYS[1], ARGV[5]) and
      redis.call('HGET', session_key(ARGV[2], ARGV[5]), 'principal') == ARGV[3] then
    finish(ARGV[5])
  end
  return ended
end
if mode == 'matching' then
  for _, m in ipairs(live_members(KEYS[1], ARGV[2], ARGV[3], now, nil, ARGV[5])) do
    if m[6] == ARGV[6] then
      finish(m[1])
    end
  end
  return ended
end
local keep = (mode == 'others') and ARGV[5] or nil
for _, m in ipairs(live_members(KEYS[1], ARGV[2], ARGV[3], now, keep)) do
  finish(m[1])
end
return ended
