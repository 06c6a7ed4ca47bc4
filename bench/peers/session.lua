-- wrk script for the session scenario: keep the session cookie the server sets, as a
-- browser would, so every request after the first reads and writes one session.
local cookie = nil

request = function()
  if cookie then
    wrk.headers["Cookie"] = cookie
  end
  return wrk.format(nil)
end

response = function(status, headers, body)
  local set = headers["Set-Cookie"] or headers["set-cookie"]
  if set and not cookie then
    cookie = string.match(set, "^([^;]+)")
  end
end
