-- load-and-touch: read a session and keep it alive, in one round trip.
--
-- KEYS[1]  the session hash  <namespace>:s:{<storage id>}
-- ARGV[1]  now, epoch milliseconds
-- ARGV[2]  touch interval, milliseconds
-- ARGV[3]  storage format version this application understands
-- ARGV[4]  optional: 'track' when called on a near cache's tracking connection
--
-- Returns  {}                       no such session
--          {'expired-idle', p}       the idle deadline had passed; the session was deleted
--          {'expired-absolute', p}   the absolute deadline had passed; the session was deleted
--          {'invalid', p}            metadata missing or of another format; the session was deleted
--          (p: the principal of the deleted session or '', for its event)
--          {'alias', id, until, p}   a token retired by rotation (see rotate.lua): the session
--                                    now lives under storage id `id`; the old token may be
--                                    used until `until` (epoch ms), later use is reuse.
--                                    Nothing is touched.
--          {'moved', id, p}          the old token of a login or privilege change of a
--                                    signed-in session (change-id.lua, supersede.lua): no
--                                    session, nothing touched; `id` is where it went, for
--                                    reuse detection only
--          {'ok', f1, v1, f2, v2 ...} the session's fields, lastAccess already moved
--
-- Invariants
--  * A session past either deadline is never returned and does not outlive this call, even
--    if Redis has not evicted the key yet (TTLs are lazy, deadlines are not).
--  * lastAccess moves only when it is older than the touch interval, so most reads write
--    nothing (no AOF, no replication traffic).
--  * Whenever lastAccess moves, the key's expiry is set to the nearer deadline:
--    min(lastAccess + idle, absolute).
--  * With 'track', a touch ends with a read of the key: Redis forgets every tracking
--    client of a key when the key is written, so the caller's own touch would otherwise
--    leave its cached copy without invalidations.
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then
  return {}
end
local now = tonumber(ARGV[1])
local version, last, idle, absolute, lastIndex, alias, aliasUntil, moved
local principal = ''
for i = 1, #fields, 2 do
  local name = fields[i]
  if name == 'alias' then
    alias = fields[i + 1]
  elseif name == 'moved' then
    moved = fields[i + 1]
  elseif name == 'until' then
    aliasUntil = fields[i + 1]
  elseif name == 'v' then
    version = fields[i + 1]
  elseif name == 'lastAccess' then
    last = tonumber(fields[i + 1])
    lastIndex = i + 1
  elseif name == 'idle' then
    idle = tonumber(fields[i + 1])
  elseif name == 'absolute' then
    absolute = tonumber(fields[i + 1])
  elseif name == 'principal' then
    principal = fields[i + 1]
  end
end
if alias then
  return {'alias', alias, aliasUntil or '0', principal}
end
if moved then
  return {'moved', moved, principal}
end
if version ~= ARGV[3] or last == nil or idle == nil or absolute == nil then
  redis.call('DEL', KEYS[1])
  return {'invalid', principal}
end
if now >= absolute then
  redis.call('DEL', KEYS[1])
  return {'expired-absolute', principal}
end
if now >= last + idle then
  redis.call('DEL', KEYS[1])
  return {'expired-idle', principal}
end
if now - last >= tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'lastAccess', ARGV[1])
  redis.call('PEXPIREAT', KEYS[1], string.format('%.0f', math.min(now + idle, absolute)))
  fields[lastIndex] = ARGV[1]
  if ARGV[4] == 'track' then
    redis.call('EXISTS', KEYS[1])
  end
end
table.insert(fields, 1, 'ok')
return fields
