-- list-sessions: a principal's live sessions, in one round trip.
--
-- KEYS[1]  the principal's index <namespace>:u:{<sha256 of principal>}
-- ARGV[1]  now, epoch milliseconds
-- ARGV[2]  session key prefix '<namespace>:s:'
-- ARGV[3]  principal name
--
-- Returns  a flat list, 11 entries per live session: storage id, principal, lastAccess,
--          idle, absolute, created, stored user-agent attribute or false, stored client-IP
--          attribute or false, stored identity-provider attribute or false, the device key
--          of a device-bound session or false, stored remembered-device attribute or false.
--
-- Invariants
--  * Reading does not touch the sessions (listing keeps nothing alive).
--  * Members whose session is gone, expired or owned by someone else are pruned.
local out = {}
for _, m in ipairs(live_members(KEYS[1], ARGV[2], ARGV[3], tonumber(ARGV[1]), nil, 'created',
    'a:dev.sessionstarter.userAgent', 'a:dev.sessionstarter.clientIp', 'a:dev.sessionstarter.provider', 'dbk',
    'a:dev.sessionstarter.rememberedDevice')) do
  for i = 1, 11 do
    out[#out + 1] = m[i] or false
  end
end
return out
