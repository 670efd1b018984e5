-- family-refresh: exchange a refresh token for a new pair, detecting reuse.
--
-- KEYS[1]  the family hash (see family-create)
-- ARGV[1]  storage format version
-- ARGV[2]  SHA-256 of the presented refresh token
-- ARGV[3]  SHA-256 of the new refresh token
-- ARGV[4]  storage id of the new access token
-- ARGV[5]  now, epoch milliseconds
-- ARGV[6]  grace period of a used refresh token, milliseconds
-- ARGV[7]  lifetime of an access token, milliseconds (older access entries are dropped)
--
-- Returns  {'ok', principal, context, created} the new pair is recorded
--          {'reuse', principal, a1, a2, ...} a used token after its grace period: the family
--                                            is deleted; a1.. are the storage ids of its
--                                            access tokens, for the caller to delete
--          {'invalid', principal}            a token the family does not know as live or
--                                            retired, or the family expired (principal for
--                                            failure counting)
--          {'invalid'}                       unknown family
--
-- Invariants
--  * A live refresh token is used once: the exchange retires it and every other live token
--    of the family, so a family has one line of descent.
--  * Within the grace period a just-retired token gets a new pair too, without retiring
--    anything: two parallel refreshes with one token both succeed, and whichever pair the
--    client keeps works. After the grace period it is reuse and ends the whole family.
local meta = redis.call('HMGET', KEYS[1], 'v', 'principal', 'absolute', 'context',
    'live:' .. ARGV[2], 'retired:' .. ARGV[2], 'created')
local now = tonumber(ARGV[5])
if meta[1] ~= ARGV[1] then
  return {'invalid'}
end
if now >= tonumber(meta[3]) then
  redis.call('DEL', KEYS[1])
  return {'invalid', meta[2]}
end
local fields = redis.call('HGETALL', KEYS[1])
local function record_new_pair()
  local oldest = now - tonumber(ARGV[7])
  for i = 1, #fields, 2 do
    local name = fields[i]
    if string.sub(name, 1, 7) == 'access:' and tonumber(fields[i + 1]) < oldest then
      redis.call('HDEL', KEYS[1], name)
    end
  end
  redis.call('HSET', KEYS[1], 'live:' .. ARGV[3], ARGV[5], 'access:' .. ARGV[4], ARGV[5])
end
if meta[5] then
  for i = 1, #fields, 2 do
    local name = fields[i]
    if string.sub(name, 1, 5) == 'live:' then
      redis.call('HDEL', KEYS[1], name)
      redis.call('HSET', KEYS[1], 'retired:' .. string.sub(name, 6), ARGV[5])
    end
  end
  record_new_pair()
  return {'ok', meta[2], meta[4], meta[7]}
end
if meta[6] then
  if now - tonumber(meta[6]) < tonumber(ARGV[6]) then
    record_new_pair()
    return {'ok', meta[2], meta[4], meta[7]}
  end
  local result = {'reuse', meta[2]}
  for i = 1, #fields, 2 do
    if string.sub(fields[i], 1, 7) == 'access:' then
      result[#result + 1] = string.sub(fields[i], 8)
    end
  end
  redis.call('DEL', KEYS[1])
  return result
end
return {'invalid', meta[2]}
