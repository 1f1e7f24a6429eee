-- RuntimeStore.lease, as MemoryRuntimeStore.lease does it, on Redis's clock.
-- KEYS[1], KEYS[2]: the request and token buckets of one scope (hashes: epoch second -> units),
-- one hash tag so that both live on one slot.
-- ARGV: rpm, tpm, wantRequests, wantTokens, debtTokens (0 as a limit = unlimited).
-- Answers {grantedRequests, grantedTokens, second, requestsUsed, tokensUsed, requestsFreeInMs, tokensFreeInMs}
-- (a grant under a limit of 0 as 0).
if redis.replicate_commands then redis.replicate_commands() end -- Redis < 5: replicate effects, not TIME

local WINDOW = 61  -- buckets counted: the current second and the 60 before it
local TTL = 122    -- seconds: an idle scope's hashes vanish after two windows

local time = redis.call('TIME')
local second = tonumber(time[1])
local nowMs = second * 1000 + math.floor(tonumber(time[2]) / 1000)

-- The live buckets of `key`, oldest first, with the current one (created at 0) among them; the
-- buckets that left the window are deleted.
local function load(key)
  local flat = redis.call('HGETALL', key)
  local buckets, stale, current = {}, {}, nil
  for i = 1, #flat, 2 do
    local s = tonumber(flat[i])
    if s <= second - WINDOW then
      stale[#stale + 1] = flat[i]
    else
      local b = {s, tonumber(flat[i + 1])}
      buckets[#buckets + 1] = b
      if s == second then current = b end
    end
  end
  if #stale > 0 then redis.call('HDEL', key, unpack(stale)) end
  if current == nil then
    current = {second, 0}
    buckets[#buckets + 1] = current
  end
  table.sort(buckets, function(a, b) return a[1] < b[1] end)
  return buckets, current
end

-- In how many ms `excess` units will have left the window (MemoryRuntimeStore.freeInMs).
local function freeInMs(buckets, excess)
  local freed = 0
  for _, b in ipairs(buckets) do
    freed = freed + b[2]
    if freed >= excess then return math.max(1, (b[1] + WINDOW) * 1000 - nowMs) end
  end
  return WINDOW * 1000
end

-- Grants up to `want` units of `limit` after adding `debt`; answers granted, used, freeInMs.
-- A refused request waits for 1 unit to leave; refused tokens wait for `want` to fit.
local function take(key, limit, want, debt, excessBeyondLimit)
  -- unlimited: nothing counted; RedisRuntimeStore answers `want` itself (a double cannot hold every long)
  if limit == 0 then return 0, 0, 0 end
  if debt < 0 then debt = 0 end
  local buckets, current = load(key)
  local used = 0
  for _, b in ipairs(buckets) do used = used + b[2] end
  if debt > 0 then
    current[2] = current[2] + debt
    used = used + debt
  end
  local granted = math.max(0, math.min(want, limit - used))
  current[2] = current[2] + granted
  used = used + granted
  if debt + granted > 0 then
    redis.call('HINCRBY', key, time[1], debt + granted)
    redis.call('EXPIRE', key, TTL)
  end
  local free = 0
  if granted == 0 and want > 0 then free = freeInMs(buckets, used - limit + excessBeyondLimit) end
  return granted, used, free
end

local rpm, tpm = tonumber(ARGV[1]), tonumber(ARGV[2])
local wantRequests, wantTokens, debt = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local grantReq, usedReq, freeReq = take(KEYS[1], rpm, wantRequests, 0, 1)
local grantTok, usedTok, freeTok = take(KEYS[2], tpm, wantTokens, debt, wantTokens)
return {grantReq, grantTok, second, usedReq, usedTok, freeReq, freeTok}
