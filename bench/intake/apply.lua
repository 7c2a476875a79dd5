-- bench/intake/apply.lua: wrk posts applications to /apply/SLUG, each with a
-- unique e-mail address, phone number, form id and client address (the
-- server runs with --trust-proxy, as behind a proxy with many visitors).
-- Counts the answers by status; the confirmation of a stored application is
-- "303 See Other" to its status page (post, redirect, get).
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

local csrf = "benchbenchbenchbenchbenchbench12"
local n = 0
local stored, other = 0, 0

function init(args)
  wrk.method = "POST"
end

local function form_id(t, k)
  -- 22 characters of base64url, unique per thread and request
  return string.format("b%02d%019d", t, k)
end

function request()
  n = n + 1
  local t = wrk.thread:get("tid")
  local body = "csrf=" .. csrf
    .. "&form_id=" .. form_id(t, n)
    .. "&given_name=Sanne&family_name=Bench" .. t
    .. "&email=bench" .. t .. "x" .. n .. "%40bench.example"
    .. "&phone=%2B316" .. string.format("%02d%06d", t, n % 1000000)
    .. "&birth_date=1990-05-17&postcode=6811AB"
    .. "&current_study=hbo+bedrijfskunde&hobbies=hardlopen%2C+koken"
    .. "&language=nl&language=en&avail_day=0&avail_day=2&avail_day=4&avail_part=0&avail_part=1&avail_hours=16"
    .. "&motivation=Ik+wil+graag+in+de+zorg+werken+omdat+ik+het+belangrijk+vind+om+mensen+te+helpen."
    .. "&consent=1"
  -- wrk.format uses the headers given instead of wrk.headers, so all of them
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "instroom_csrf=" .. csrf,
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", t, math.floor(n / 250) % 250, n % 250 + 1),
  }
  return wrk.format(nil, nil, headers, body)
end

function response(status, headers, body)
  if status == 303 and (headers["Location"] or ""):find("/apply/status/", 1, true) then
    stored = stored + 1
  else
    other = other + 1
    if other <= 3 then io.stderr:write("bench/intake: answer " .. status .. "\n") end
  end
  wrk.thread:set("stored", stored)
  wrk.thread:set("other", other)
end

function done(summary, latency, requests)
  local s, o = 0, 0
  for _, t in ipairs(threads) do
    s = s + (t:get("stored") or 0)
    o = o + (t:get("other") or 0)
  end
  io.write(string.format("answers stored=%d other=%d\n", s, o))
end
