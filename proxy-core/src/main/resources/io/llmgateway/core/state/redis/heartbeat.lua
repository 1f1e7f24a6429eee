-- RuntimeStore.heartbeat on Redis's clock. KEYS[1]: the sorted set of instances scored by the
-- epoch ms their beat runs out; ARGV: instanceId, ttlMillis. Answers how many are alive.
if redis.replicate_commands then redis.replicate_commands() end

local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], nowMs + ttl, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
-- the set vanishes once the last instance's beat has run out
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], math.max(1, ttl)) end
return redis.call('ZCARD', KEYS[1])
