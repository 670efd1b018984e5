-- provider-logout: end the sessions an OIDC back-channel logout token names, in one round
-- trip, and remember the token so that it works once.
--
-- KEYS[1]  the registry entry (see provider-register.lua) of the token's sid, or of its
--          issuer and sub when it has no sid
-- KEYS[2]  <namespace>:j:{<sha256 of issuer and jti>}: the token, once used
-- ARGV[1]  now, epoch milliseconds
-- ARGV[2]  session key prefix '<namespace>:s:'
-- ARGV[3]  until when the token is remembered, epoch milliseconds
-- ARGV[4]  the session field that records the provider's session or subject at login
-- ARGV[5]  its value for this token
--
-- Returns  {'replayed'} when the token was used before (nothing changes), else
--          {'ok', principal or '', storage ids of the sessions ended...}
--
-- Invariants
--  * Only live sessions of the registered principal whose recorded provider session (or
--    subject) matches are ended; others of the same user stay.
--  * The registry maps to a principal, not to storage ids, so sessions are found however
--    often their token changed since login.
if not redis.call('SET', KEYS[2], '1', 'NX', 'PXAT', ARGV[3]) then
  return {'replayed'}
end
local entry = redis.call('HMGET', KEYS[1], 'p', 'i')
if not entry[1] or not entry[2] then
  return {'ok', ''}
end
local out = {'ok', entry[1]}
for _, m in ipairs(live_members(entry[2], ARGV[2], entry[1], tonumber(ARGV[1]), nil, ARGV[4])) do
  if m[6] == ARGV[5] then
    redis.call('DEL', session_key(ARGV[2], m[1]))
    redis.call('ZREM', entry[2], m[1])
    out[#out + 1] = m[1]
  end
end
return out
