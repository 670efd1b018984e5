-- provider-register: remember which principal an identity provider's session (or subject)
-- belongs to, for OIDC back-channel logout (see provider-logout.lua).
--
-- KEYS[1]  <namespace>:p:{<sha256 of issuer and sid, or issuer and sub>}
-- ARGV[1]  principal name
-- ARGV[2]  the principal's index key <namespace>:u:{<sha256 of principal>}
-- ARGV[3]  until when, epoch milliseconds: the absolute deadline of the new session
-- ARGV[4]  now, epoch milliseconds
--
-- Invariants
--  * The entry holds no token and no raw provider identifier (its key is a hash).
--  * It lives as long as the longest session registered under it, never shorter.
redis.call('HSET', KEYS[1], 'p', ARGV[1], 'i', ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 or tonumber(ARGV[4]) + ttl < tonumber(ARGV[3]) then
  redis.call('PEXPIREAT', KEYS[1], ARGV[3])
end
return 1
