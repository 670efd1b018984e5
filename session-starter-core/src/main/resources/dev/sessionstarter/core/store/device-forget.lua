-- device-forget: forget a remembered device (logout on that browser, or its owner revoking
-- it).
--
-- KEYS[1]  the chain hash (see device-remember)
-- ARGV[1]  SHA-256 of a credential of the chain (live or retired), or '' to go by owner
-- ARGV[2]  the principal that must own the chain when ARGV[1] is ''
--
-- Returns  {principal, s1, s2, ...}: the chain is deleted; s1.. are the storage ids of the
--          sessions it created. {} when the credential (or owner) does not match: a guessed
--          chain id alone forgets nothing.
local fields = redis.call('HGETALL', KEYS[1])
local member, principal = false, ''
local sessions = {}
for i = 1, #fields, 2 do
  local name = fields[i]
  if ARGV[1] ~= '' and (name == 'live:' .. ARGV[1] or name == 'retired:' .. ARGV[1]) then
    member = true
  elseif name == 'principal' then
    principal = fields[i + 1]
  elseif string.sub(name, 1, 2) == 's:' then
    sessions[#sessions + 1] = string.sub(name, 3)
  end
end
if ARGV[1] == '' then
  member = #fields > 0 and principal == ARGV[2]
end
if not member then
  return {}
end
redis.call('DEL', KEYS[1])
table.insert(sessions, 1, principal)
return sessions
