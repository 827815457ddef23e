-- wrk script for the data API benchmark: every request runs as one of the benchmark tenants, picked at random,
-- with the anon key as apikey, as supabase-js and supabase-py send them.
-- Environment: BENCH_TOKENS (file with one access token per line), BENCH_ANON_KEY, BENCH_DELAY_MS (optional pacing,
-- the mean wait between a response and the connection's next request).
local tokens = {}
local anon = os.getenv("BENCH_ANON_KEY")
local pacing = tonumber(os.getenv("BENCH_DELAY_MS") or "0")

for line in io.lines(os.getenv("BENCH_TOKENS")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end

function init(args)
  math.randomseed(os.time() + math.random(1, 100000))
end

function request()
  local token = tokens[math.random(#tokens)]
  return wrk.format("GET", nil, { ["apikey"] = anon, ["Authorization"] = "Bearer " .. token })
end

-- With pacing, each connection waits a random, exponentially distributed time (mean BENCH_DELAY_MS) before its next
-- request: arrivals are then a Poisson stream, as independent clients make them, rather than bursts of every
-- connection at once.
function delay()
  if pacing <= 0 then return 0 end
  return math.floor(-pacing * math.log(1 - math.random()))
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
