-- family-inspect: read what a refresh token stands for, without changing anything
-- (token introspection).
--
-- KEYS[1]  the family hash (see family-create)
-- ARGV[1]  storage format version
-- ARGV[2]  SHA-256 of the refresh token
-- ARGV[3]  now, epoch milliseconds
--
-- Returns  {principal, created, absolute, issued} when the token is live and the family has
--          not expired; {} otherwise (unknown, used, revoked or expired).
local meta = redis.call('HMGET', KEYS[1], 'v', 'principal', 'created', 'absolute', 'live:' .. ARGV[2])
if meta[1] ~= ARGV[1] or not meta[5] or tonumber(ARGV[3]) >= tonumber(meta[4]) then
  return {}
end
return {meta[2], meta[3], meta[4], meta[5]}
