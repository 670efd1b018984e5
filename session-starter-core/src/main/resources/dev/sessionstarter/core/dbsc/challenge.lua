-- challenge: remember a new challenge for a device-bound session's next refresh.
--
-- KEYS[1]  the session hash  <namespace>:s:{<storage id>}
-- ARGV[1]  the DBSC session identifier the request named (must be the session's dbi)
-- ARGV[2]  the challenge
-- ARGV[3]  now, epoch milliseconds
-- ARGV[4]  most challenges kept; the oldest are dropped to make room
--
-- Returns  1 when remembered, 0 when the key holds no live session bound under that id.
--
-- Invariants
--  * A session keeps at most ARGV[4] challenges (fields 'dbx:<challenge>' = issued at), so
--    a client asking again and again cannot grow it.
--  * Never creates a session.
local m = redis.call('HMGET', KEYS[1], 'v', 'alias', 'moved', 'dbi')
if not m[1] or m[2] or m[3] or m[4] ~= ARGV[1] then
  return 0
end
local issued = {}
for _, name in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(name, 1, 4) == 'dbx:' then
    issued[#issued + 1] = {name, tonumber(redis.call('HGET', KEYS[1], name)) or 0}
  end
end
table.sort(issued, function(a, b) return a[2] < b[2] end)
for i = 1, #issued - tonumber(ARGV[4]) + 1 do
  redis.call('HDEL', KEYS[1], issued[i][1])
end
redis.call('HSET', KEYS[1], 'dbx:' .. ARGV[2], ARGV[3])
return 1
