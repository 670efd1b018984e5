-- family-end: revoke a token family (refresh-token revocation, or a refresh token used by
-- its owner to sign out).
--
-- KEYS[1]  the family hash (see family-create)
-- ARGV[1]  SHA-256 of a refresh token of the family (live or retired)
--
-- Returns  {principal, a1, a2, ...}: the family is deleted; a1.. are the storage ids of its
--          access tokens, for the caller to delete. {} when the token does not belong to
--          the family (nothing happens: a guessed family id alone revokes nothing).
local fields = redis.call('HGETALL', KEYS[1])
local member, principal = false, ''
local access = {}
for i = 1, #fields, 2 do
  local name = fields[i]
  if name == 'live:' .. ARGV[1] or name == 'retired:' .. ARGV[1] then
    member = true
  elseif name == 'principal' then
    principal = fields[i + 1]
  elseif string.sub(name, 1, 7) == 'access:' then
    access[#access + 1] = string.sub(name, 8)
  end
end
if not member then
  return {}
end
redis.call('DEL', KEYS[1])
table.insert(access, 1, principal)
return access
