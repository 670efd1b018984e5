-- device-remember: start the chain of a remembered device at a login ("remember this
-- device"): one live credential, long-lived and never extended.
--
-- KEYS[1]  the chain hash  <namespace>:d:{<chain id>}
-- ARGV[1]  storage format version
-- ARGV[2]  principal name
-- ARGV[3]  now, epoch milliseconds
-- ARGV[4]  absolute deadline of the chain, epoch milliseconds
-- ARGV[5]  the encoded security context that every session the chain creates gets
-- ARGV[6]  SHA-256 of the first credential
-- ARGV[7]  user-agent summary of the device ('' if unknown)
-- ARGV[8]  client address at the login ('' if unknown)
--
-- Returns  1, or 0 when the chain id was taken (never overwritten).
--
-- The chain holds 'live:<hash>' for the credential that may be used, 'retired:<hash>' =
-- retirement time for used ones (kept until the chain ends, to recognise reuse), and
-- 's:<storage id>' = creation time for the sessions it created, and 'used' = when it last
-- signed in again (device-use). The principal's device index (RememberedDeviceIndex, in
-- the principal's slot) lists the chain; the caller adds it there first.
--
-- Invariants
--  * Only hashes of credentials are stored; the chain lives until its absolute deadline and
--    nothing ever moves that deadline (the key expires at it).
--  * One key, so one Cluster slot.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'principal', ARGV[2], 'created', ARGV[3], 'absolute', ARGV[4],
    'context', ARGV[5], 'live:' .. ARGV[6], ARGV[3], 'agent', ARGV[7], 'ip', ARGV[8])
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
return 1
