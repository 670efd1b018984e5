-- refresh: use up a challenge a verified proof answered and replace the bound cookie.
--
-- KEYS[1]  the session hash  <namespace>:s:{<storage id>}
-- ARGV[1]  the DBSC session identifier (must be the session's dbi)
-- ARGV[2]  the device key the proof was verified with (must be the session's dbk)
-- ARGV[3]  the challenge the proof signed
-- ARGV[4]  the new bound cookie, '<expires at>.<sha256 of its value>'
--
-- Returns  1 when refreshed, 0 when not: no live session bound under that id and key, or
--          the challenge is not (or no longer) there.
--
-- Invariants
--  * A challenge is answered at most once: a replayed proof, or two racing refreshes with
--    one proof, renew the cookie once.
--  * Every other open challenge ends with a successful refresh.
--  * The previous cookie moves to 'dbp', so requests sent with it before this refresh are
--    still served until it expires.
--  * Never creates a session: a refresh racing a logout renews nothing.
local m = redis.call('HMGET', KEYS[1], 'v', 'alias', 'moved', 'dbi', 'dbk', 'dbc')
if not m[1] or m[2] or m[3] or m[4] ~= ARGV[1] or m[5] ~= ARGV[2] then
  return 0
end
if redis.call('HDEL', KEYS[1], 'dbx:' .. ARGV[3]) == 0 then
  return 0
end
for _, name in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(name, 1, 4) == 'dbx:' then
    redis.call('HDEL', KEYS[1], name)
  end
end
if m[6] then
  redis.call('HSET', KEYS[1], 'dbc', ARGV[4], 'dbp', m[6])
else
  redis.call('HSET', KEYS[1], 'dbc', ARGV[4])
end
return 1
