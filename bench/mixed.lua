-- A mixed read/write load for wrk (used by bench/mixed.sh). Most requests read — a room's
-- timeline, the room list, a search — and one in WRITE_EVERY writes a post by form POST with a
-- fresh idempotency key. Every status is counted per thread; a written post answers 303 with
-- Location /rooms/N#post-ID, whose ID is kept, so that done() can write the acknowledged IDs to
-- OUT for comparison with what the database holds.
--
-- Environment: SESSIONS  "cookie csrf_token;cookie csrf_token;…" (one or more logged-in users)
--              ROOMS     "12,13"   rooms all those users are members of
--              QUERY     url-encoded search words
--              WRITE_EVERY  (10)   OUT  file for the acknowledged post IDs
--              SUMMARY   file for key=value totals

local threads = {}
local next_id = 0

function setup(thread)
   next_id = next_id + 1
   thread:set("tid", next_id)
   table.insert(threads, thread)
end

local function split(s, sep)
   local out = {}
   for part in string.gmatch(s or "", "([^" .. sep .. "]+)") do
      table.insert(out, part)
   end
   return out
end

local function urlencode(s)
   return (string.gsub(s, "[^%w%-%._~]", function(c)
      return string.format("%%%02X", string.byte(c))
   end))
end

function init(args)
   sessions = {}
   for _, s in ipairs(split(os.getenv("SESSIONS"), ";")) do
      local cookie, csrf = string.match(s, "^(%S+)%s+(%S+)$")
      table.insert(sessions, { cookie = cookie, csrf = urlencode(csrf) })
   end
   rooms = split(os.getenv("ROOMS"), ",")
   query = os.getenv("QUERY") or ""
   write_every = tonumber(os.getenv("WRITE_EVERY") or "10")
   subject = urlencode("訪問報告")
   -- The texts of seed-scale: one in four contains the search words.
   bodies = {
      urlencode("本日訪問しました。血圧は安定しています。食事量は普段どおりです。"),
      urlencode("服薬の確認をしました。残薬はありません。次回の処方について相談があります。"),
      urlencode("仙骨部の発赤が少し広がっています。体位変換の間隔を見直してください。"),
      urlencode("ご家族から、夜間の不穏について相談がありました。睡眠の様子を共有します。"),
   }
   n = 0
   writes = 0
   statuses = {}
   acked = {}
   other_3xx = 0
end

function request()
   n = n + 1
   local s = sessions[(n % #sessions) + 1]
   local room = rooms[(math.floor(n / #sessions) % #rooms) + 1]
   local headers = { ["Cookie"] = s.cookie }
   if n % write_every == 0 then
      writes = writes + 1
      local key = string.format("mixed-%02d-%09d-bench", tid, writes)
      headers["Content-Type"] = "application/x-www-form-urlencoded"
      local form = "csrf_token=" .. s.csrf .. "&key=" .. key .. "&subject=" .. subject .. "+" .. writes
         .. "&body=" .. bodies[(writes % #bodies) + 1] .. "&to=all"
      return wrk.format("POST", "/rooms/" .. room .. "/posts", headers, form)
   end
   local r = n % 10
   if r < 6 then
      return wrk.format("GET", "/rooms/" .. room, headers)
   elseif r < 8 then
      return wrk.format("GET", "/rooms", headers)
   else
      return wrk.format("GET", "/search?q=" .. query, headers)
   end
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   if status == 303 then
      local loc = headers["Location"] or headers["location"] or ""
      local id = string.match(loc, "#post%-(%d+)$")
      if id then
         table.insert(acked, id)
      else
         other_3xx = other_3xx + 1
      end
   end
end

function done(summary, latency, requests)
   local total_status, total_writes, total_other = {}, 0, 0
   local out = io.open(os.getenv("OUT") or "/dev/null", "w")
   local acked_n = 0
   for _, t in ipairs(threads) do
      for code, c in pairs(t:get("statuses")) do
         total_status[code] = (total_status[code] or 0) + c
      end
      total_writes = total_writes + t:get("writes")
      total_other = total_other + t:get("other_3xx")
      for _, id in ipairs(t:get("acked")) do
         out:write(id, "\n")
         acked_n = acked_n + 1
      end
   end
   out:close()
   local codes = {}
   for code, _ in pairs(total_status) do table.insert(codes, code) end
   table.sort(codes)
   local parts = {}
   for _, code in ipairs(codes) do table.insert(parts, code .. ":" .. total_status[code]) end
   local e = summary.errors
   local sum = io.open(os.getenv("SUMMARY") or "/dev/null", "w")
   sum:write("requests=", summary.requests, "\n")
   sum:write("seconds=", string.format("%.1f", summary.duration / 1e6), "\n")
   sum:write("writes_sent=", total_writes, "\n")
   sum:write("acked=", acked_n, "\n")
   sum:write("other_3xx=", total_other, "\n")
   sum:write("statuses=", table.concat(parts, " "), "\n")
   sum:write("connect=", e.connect, "\nread=", e.read, "\nwrite=", e.write, "\n")
   sum:write("status_errors=", e.status, "\ntimeout=", e.timeout, "\n")
   sum:write("p50=", string.format("%.1f", latency:percentile(50) / 1000), "\n")
   sum:write("p99=", string.format("%.1f", latency:percentile(99) / 1000), "\n")
   sum:write("max=", string.format("%.1f", latency.max / 1000), "\n")
   sum:close()
end
