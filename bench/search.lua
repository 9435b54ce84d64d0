-- bench/search.lua: a wrk script for bench/search.sh.  Each connection
-- goes round the paths of a file (one a line, given after `--`), starting
-- at a different one, and the run ends with one line of figures:
--   p50_ms P p95_ms P p99_ms P requests N errors N non2xx N
local paths = {}
local i = 0

function init(args)
	for line in io.lines(args[1]) do
		if line ~= "" then paths[#paths + 1] = line end
	end
	i = math.random(#paths) - 1
end

function request()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("p50_ms %.2f p95_ms %.2f p99_ms %.2f requests %d errors %d non2xx %d\n",
		latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
		summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
