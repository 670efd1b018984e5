-- device-use: a remembered device signs in again (no live session): the presented credential
-- is used up and replaced, and the chain records the session it creates.
--
-- KEYS[1]  the chain hash (see device-remember)
-- ARGV[1]  storage format version
-- ARGV[2]  SHA-256 of the presented credential
-- ARGV[3]  SHA-256 of the new credential
-- ARGV[4]  storage id of the new session
-- ARGV[5]  now, epoch milliseconds
-- ARGV[6]  grace period of a used credential, milliseconds
--
-- Returns  {'ok', principal, context, created}  the new credential and session are recorded,
--                                                and 'used' is now
--          {'reuse', principal, s1, s2, ...}     a used credential after its grace period: the
--                                                chain is deleted; s1.. are the storage ids
--                                                of every session it created, for the caller
--                                                to end
--          {'invalid', principal}                a credential the chain does not know, or the
--                                                chain is past its deadline
--          {'invalid'}                           unknown chain
--
-- Invariants
--  * A live credential is used once: using it retires it (and any other live one), so a
--    chain has one line of descent.
--  * Within the grace period a just-retired credential signs in too, without retiring
--    anything (two tabs restoring at once both work); after it, it is theft and ends the
--    whole chain.
--  * Nothing here moves the absolute deadline.
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
if meta[5] then
  local fields = redis.call('HGETALL', KEYS[1])
  for i = 1, #fields, 2 do
    local name = fields[i]
    if string.sub(name, 1, 5) == 'live:' then
      redis.call('HDEL', KEYS[1], name)
      redis.call('HSET', KEYS[1], 'retired:' .. string.sub(name, 6), ARGV[5])
    end
  end
  redis.call('HSET', KEYS[1], 'live:' .. ARGV[3], ARGV[5], 's:' .. ARGV[4], ARGV[5], 'used', ARGV[5])
  return {'ok', meta[2], meta[4], meta[7]}
end
if meta[6] then
  if now - tonumber(meta[6]) < tonumber(ARGV[6]) then
    redis.call('HSET', KEYS[1], 'live:' .. ARGV[3], ARGV[5], 's:' .. ARGV[4], ARGV[5], 'used', ARGV[5])
    return {'ok', meta[2], meta[4], meta[7]}
  end
  local fields = redis.call('HGETALL', KEYS[1])
  local result = {'reuse', meta[2]}
  for i = 1, #fields, 2 do
    if string.sub(fields[i], 1, 2) == 's:' then
      result[#result + 1] = string.sub(fields[i], 3)
    end
  end
  redis.call('DEL', KEYS[1])
  return result
end
return {'invalid', meta[2]}
