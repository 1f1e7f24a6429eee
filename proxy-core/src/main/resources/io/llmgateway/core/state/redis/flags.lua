-- RuntimeStore.flags on Redis's clock. KEYS[1]: the flags hash (field "KIND id", value a JSON
-- object that starts with {"until":<epoch ms>). Deletes the flags whose time ran out and answers
-- the others as field, value, field, value...
if redis.replicate_commands then redis.replicate_commands() end

local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local flat = redis.call('HGETALL', KEYS[1])
local live, dead = {}, {}
for i = 1, #flat, 2 do
  local untilMs = tonumber(string.match(flat[i + 1], '^{"until":(%-?%d+)'))
  if untilMs ~= nil and untilMs <= nowMs then
    dead[#dead + 1] = flat[i]
  else
    live[#live + 1] = flat[i]
    live[#live + 1] = flat[i + 1]
  end
end
if #dead > 0 then redis.call('HDEL', KEYS[1], unpack(dead)) end
return live
