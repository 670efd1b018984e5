-- family-create: start a token family at an API login (one refresh token, one access token).
--
-- KEYS[1]  the family hash  <namespace>:f:{<family id>}
-- ARGV[1]  storage format version
-- ARGV[2]  principal name
-- ARGV[3]  now, epoch milliseconds
-- ARGV[4]  absolute deadline of the family (its refresh tokens), epoch milliseconds
-- ARGV[5]  the encoded security context handed to every access token of the family
-- ARGV[6]  SHA-256 of the first refresh token
-- ARGV[7]  storage id of the first access token
--
-- Returns  1, or 0 when the family id was taken (never overwritten).
--
-- The family holds 'live:<hash>' for refresh tokens that may be used, 'retired:<hash>' =
-- retirement time for used ones (kept until the family ends, to recognise reuse), and
-- 'access:<storage id>' = issue time for the access tokens it handed out.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'principal', ARGV[2], 'created', ARGV[3], 'absolute', ARGV[4],
    'context', ARGV[5], 'live:' .. ARGV[6], ARGV[3], 'access:' .. ARGV[7], ARGV[3])
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
return 1
