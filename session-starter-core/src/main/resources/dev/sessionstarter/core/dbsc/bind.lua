-- bind: bind a session to the device key its browser registered (Device Bound Session
-- Credentials), in one step with using up the registration offer.
--
-- KEYS[1]  the session hash  <namespace>:s:{<storage id>}
-- ARGV[1]  the field of the registration offer ('a:' + offer attribute name)
-- ARGV[2]  the device key, compressed (dbk)
-- ARGV[3]  the DBSC session identifier (dbi)
-- ARGV[4]  the first bound cookie, '<expires at>.<sha256 of its value>' (dbc)
--
-- Returns  1 when bound, 0 when not: no live session under the key (ended, rotated away,
--          a retired-token record), already bound, or its offer already used.
--
-- Invariants
--  * An offer binds at most once: two registrations racing for it cannot both succeed.
--  * Never creates a session: a registration racing a logout binds nothing.
local m = redis.call('HMGET', KEYS[1], 'v', 'alias', 'moved', 'dbk')
if not m[1] or m[2] or m[3] or m[4] then
  return 0
end
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'dbk', ARGV[2], 'dbi', ARGV[3], 'dbc', ARGV[4])
return 1
