-- RuntimeStore.giveBack, as MemoryRuntimeStore.giveBack does it, on Redis's clock.
-- KEYS[1], KEYS[2]: the request and token buckets of one scope; ARGV: requests, tokens, grantedAtSecond.
-- Nothing when the bucket has left the window or is gone; never below 0.
if redis.replicate_commands then redis.replicate_commands() end

local WINDOW = 61
local second = tonumber(redis.call('TIME')[1])
local at = ARGV[3]
if tonumber(at) <= second - WINDOW then return 0 end

local function back(key, units)
  if units == 0 then return end
  local held = tonumber(redis.call('HGET', key, at))
  if held ~= nil then redis.call('HSET', key, at, math.max(0, held - units)) end
end

back(KEYS[1], tonumber(ARGV[1]))
back(KEYS[2], tonumber(ARGV[2]))
return 0
