-- RuntimeStore.addSpend, as MemoryRuntimeStore.addSpend does it. KEYS[1]: the scope's spend hash
-- (day, day_usd, month, month_usd, total); ARGV: usd, epoch day, month (year * 12 + month - 1).
-- A later day or month starts its sum at usd; an earlier one adds to the total only.
-- Answers {day, day_usd, month, month_usd, total} after the addition.
local usd = ARGV[1]
local held = redis.call('HMGET', KEYS[1], 'day', 'month')

local function add(periodField, sumField, periodArg, heldPeriod)
  local period = tonumber(periodArg)
  if heldPeriod == nil or period > heldPeriod then
    redis.call('HSET', KEYS[1], periodField, periodArg, sumField, usd)
  elseif period == heldPeriod then
    redis.call('HINCRBYFLOAT', KEYS[1], sumField, usd)
  end
end

add('day', 'day_usd', ARGV[2], tonumber(held[1]))
add('month', 'month_usd', ARGV[3], tonumber(held[2]))
redis.call('HINCRBYFLOAT', KEYS[1], 'total', usd)
return redis.call('HMGET', KEYS[1], 'day', 'day_usd', 'month', 'month_usd', 'total')
