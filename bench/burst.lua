-- wrk script for bench/abuse_burst.py: each thread stops after `limit` responses and leaves a
-- file in `done_dir` (the harness then ends wrk); done() prints the responses by status.
-- wrk -t2 -c32 -d600s --latency -s bench/burst.lua URL -- LIMIT_PER_THREAD DONE_DIR
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

function init(args)
  limit = tonumber(args[1])
  done_dir = args[2]
  count = 0
  statuses = {}
end

function response(status, headers, body)
  count = count + 1
  statuses[tostring(status)] = (statuses[tostring(status)] or 0) + 1
  if count == limit then
    local marker = io.open(done_dir .. "/done-" .. id, "w")
    marker:write(count)
    marker:close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, string.format('"%s": %d', status, n))
  end
  io.write("STATUSES {" .. table.concat(parts, ", ") .. "}\n")
end
