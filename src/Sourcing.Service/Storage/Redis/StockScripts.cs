namespace Sourcing.Service.Storage.Redis;

/// <summary>
/// The Lua scripts behind every multi-value stock change. Each runs atomically in Redis, so a check and the change it
/// guards can never be split by another client (the GET-then-DECR race that oversells). StackExchange.Redis loads each
/// script once per server and then sends only its SHA1; after a Redis restart it loads it again.
/// </summary>
/// <remarks>
/// Scripts take a variable number of keys (one per order line), which <c>LuaScript.Prepare</c>'s named scalar
/// parameters cannot express, so they use KEYS/ARGV directly. A cell is one hash field per location holding
/// "onhand:reserved:safety:sequence" (see <see cref="RedisKeys.Stock"/>). Integers are written with %d: Lua 5.1's
/// tostring turns numbers of 1e14 and more into exponent notation. The sequence stays the string the caller sent.
/// </remarks>
internal static class StockScripts
{
    /// <summary>The error <see cref="Finish"/> returns when a reservation's stored lines do not match the keys it was given (same text as in the script).</summary>
    public const string LinesUnreadable = "reservation lines and keys differ";

    // Shared helpers: read and write one location's cell of a SKU hash, and append a stock event carrying its state.
    internal const string Prelude = """
        local function cell(key, loc)
          local v = redis.call('HGET', key, loc)
          if not v then return 0, 0, 0, '0' end
          local oh, rs, ss, sq = string.match(v, '^(-?%d+):(-?%d+):(-?%d+):(%d+)$')
          return tonumber(oh), tonumber(rs), tonumber(ss), sq
        end
        local function put(key, loc, oh, rs, ss, sq)
          redis.call('HSET', key, loc, string.format('%d:%d:%d:%s', oh, rs, ss, sq))
        end
        local function emit(stream, maxlen, kind, sku, loc, reason, now, oh, rs, ss, sq, sf)
          redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*',
            'k', kind, 's', sku, 'l', loc, 'oh', string.format('%d', oh), 'rs', string.format('%d', rs), 'ss', string.format('%d', ss), 'sq', sq, 'r', reason, 't', now,
            'sf', string.format('%d', sf or 0))
        end
        -- After on hand changed: reservations beyond on hand can no longer all be honoured, so say by how many units.
        local function shortage(stream, maxlen, sku, loc, reason, now, oh, rs, ss, sq)
          local sf = rs - math.max(oh, 0)
          if sf > 0 then emit(stream, maxlen, 'shortage', sku, loc, reason, now, oh, rs, ss, sq, sf) end
        end
        """;

    /// <summary>
    /// SetStock and import rows of one SKU. KEYS: stock hash, event stream. ARGV: sku, kind, now ms, stream max length,
    /// then per row: location, on hand, sequence, safety stock ('' keeps it). Returns per row: applied (0/1), oh, rs, ss, sq.
    /// </summary>
    public const string ApplyAbsolute = Prelude + "\n" + """
        local out = {}
        for b = 5, #ARGV, 4 do
          local loc = ARGV[b]
          local oh, rs, ss, sq = cell(KEYS[1], loc)
          local applied = 0
          if tonumber(ARGV[b + 2]) > tonumber(sq) then
            oh, sq = tonumber(ARGV[b + 1]), ARGV[b + 2]
            if ARGV[b + 3] ~= '' then ss = tonumber(ARGV[b + 3]) end
            put(KEYS[1], loc, oh, rs, ss, sq)
            emit(KEYS[2], ARGV[4], ARGV[2], ARGV[1], loc, '', ARGV[3], oh, rs, ss, sq)
            shortage(KEYS[2], ARGV[4], ARGV[1], loc, ARGV[2], ARGV[3], oh, rs, ss, sq)
            applied = 1
          end
          table.insert(out, applied); table.insert(out, oh); table.insert(out, rs); table.insert(out, ss); table.insert(out, sq)
        end
        return out
        """;

    /// <summary>
    /// An adjustment with its idempotency record in the same atomic step. KEYS: stock hash, event stream, request record.
    /// ARGV: sku, location, delta, reason, now ms, stream max length, max on hand, fingerprint, record ttl ms.
    /// Returns {'conflict'}, {'repeat', cell} or {'new', cell} with the cell the adjustment left, or {'negative', oh} /
    /// {'limit', oh} when on hand would go below zero / above the maximum (nothing changed, nothing recorded).
    /// </summary>
    public const string Adjust = Prelude + "\n" + """
        local earlier = redis.call('HMGET', KEYS[3], 'fp', 'level')
        if earlier[1] then
          if earlier[1] ~= ARGV[8] then return {'conflict'} end
          return {'repeat', earlier[2]}
        end
        local oh, rs, ss, sq = cell(KEYS[1], ARGV[2])
        local delta = tonumber(ARGV[3])
        -- Only a decrease is refused below zero: an increase of an on hand left negative by an older version moves it towards the truth.
        if delta < 0 and oh + delta < 0 then return {'negative', string.format('%d', oh)} end
        if oh + delta > tonumber(ARGV[7]) then return {'limit', string.format('%d', oh)} end
        oh = oh + delta
        put(KEYS[1], ARGV[2], oh, rs, ss, sq)
        emit(KEYS[2], ARGV[6], 'adjusted', ARGV[1], ARGV[2], ARGV[4], ARGV[5], oh, rs, ss, sq)
        shortage(KEYS[2], ARGV[6], ARGV[1], ARGV[2], ARGV[4], ARGV[5], oh, rs, ss, sq)
        local level = string.format('%d:%d:%d:%s', oh, rs, ss, sq)
        redis.call('HSET', KEYS[3], 'fp', ARGV[8], 'level', level)
        redis.call('PEXPIRE', KEYS[3], ARGV[9])
        return {'new', level}
        """;

    /// <summary>KEYS: stock hash, event stream. ARGV: sku, location, safety stock, now ms, stream max length. Returns {oh, rs, ss, sq}.</summary>
    public const string SetSafetyStock = Prelude + "\n" + """
        local oh, rs, ss, sq = cell(KEYS[1], ARGV[2])
        ss = tonumber(ARGV[3])
        put(KEYS[1], ARGV[2], oh, rs, ss, sq)
        emit(KEYS[2], ARGV[5], 'safety', ARGV[1], ARGV[2], '', ARGV[4], oh, rs, ss, sq)
        return {oh, rs, ss, sq}
        """;

    /// <summary>
    /// All-or-nothing reservation with its idempotency record in the same atomic step.
    /// KEYS: request record, reservation hash, expiry zset, event stream, then one stock hash per line.
    /// ARGV: fingerprint, reservation id, request id, expires at ms, now ms, record ttl ms, encoded lines,
    /// stream max length, then per line: sku, location, quantity, and last the partition (every key is in it).
    /// Keys live for a duration (PEXPIRE), never until an absolute time: Redis measures a duration with its own clock,
    /// while an absolute time from the service's clock would be judged against Redis's clock, and the two need not agree.
    /// Returns {'conflict'}, or {'repeat'|'new', outcome} where outcome is 'held:ID' or 'short:i=avail,...'.
    /// </summary>
    public const string Reserve = Prelude + "\n" + """
        local earlier = redis.call('HMGET', KEYS[1], 'fp', 'outcome')
        if earlier[1] then
          if earlier[1] ~= ARGV[1] then return {'conflict'} end
          return {'repeat', earlier[2]}
        end
        local short, cells = {}, {}
        for i = 1, #KEYS - 4 do
          local b = 9 + (i - 1) * 3
          local oh, rs, ss, sq = cell(KEYS[4 + i], ARGV[b + 1])
          cells[i] = {oh, rs, ss, sq}
          local available = math.max(0, oh - rs - ss)
          if available < tonumber(ARGV[b + 2]) then table.insert(short, (i - 1)..'='..available) end
        end
        local outcome
        if #short > 0 then
          outcome = 'short:'..table.concat(short, ',')
        else
          -- Apply and log from the values read above: nothing else ran in between, so no second read is needed.
          for i = 1, #KEYS - 4 do
            local b = 9 + (i - 1) * 3
            local c = cells[i]
            local reserved = c[2] + tonumber(ARGV[b + 2])
            put(KEYS[4 + i], ARGV[b + 1], c[1], reserved, c[3], c[4])
            emit(KEYS[4], ARGV[8], 'reserved', ARGV[b], ARGV[b + 1], ARGV[3], ARGV[5], c[1], reserved, c[3], c[4])
          end
          redis.call('HSET', KEYS[2], 'req', ARGV[3], 'status', 'held', 'exp', ARGV[4], 'lines', ARGV[7], 'parts', ARGV[#ARGV])
          redis.call('PEXPIRE', KEYS[2], ARGV[6])
          redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
          outcome = 'held:'..ARGV[2]
        end
        redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'outcome', outcome)
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        return {'new', outcome}
        """;

    /// <summary>
    /// Commit, release or expire a reservation. KEYS: reservation hash, expiry zset, event stream, then one stock hash per
    /// line in the reservation's stored order, and for a commit then one capacity hash per line (its location's local day).
    /// ARGV: action ('commit'|'release'|'expire'), now ms, stream max length, id, capacity record ttl ms.
    /// A held reservation past its expiry is expired whatever the action. Returns {'missing'}, {'ok', status},
    /// or {'refused', status} when the action does not fit the state.
    /// </summary>
    public const string Finish = Prelude + "\n" + """
        local r = redis.call('HMGET', KEYS[1], 'status', 'exp', 'lines')
        if not r[1] then return {'missing'} end
        local status, action, now = r[1], ARGV[1], tonumber(ARGV[2])
        local lines = {}
        for sku, loc, qty in string.gmatch(r[3], '([^|\n]+)|([^|\n]+)|(%d+)') do
          table.insert(lines, {sku, loc, tonumber(qty)})
        end
        local n = #lines
        local expected = n
        if action == 'commit' then expected = 2 * n end
        if n == 0 or #KEYS - 3 ~= expected then return redis.error_reply('reservation lines and keys differ') end
        local function settle(final, kind, deduct)
          for i, line in ipairs(lines) do
            local key = KEYS[3 + i]
            local oh, rs, ss, sq = cell(key, line[2])
            rs = rs - line[3]
            -- A commit deducts what is there: on hand never goes below zero, and the units beyond it are a shortage.
            local short = 0
            if deduct then
              local taken = math.min(line[3], math.max(oh, 0))
              short = line[3] - taken
              oh = oh - taken
            end
            put(key, line[2], oh, rs, ss, sq)
            emit(KEYS[3], ARGV[3], kind, line[1], line[2], ARGV[4], ARGV[2], oh, rs, ss, sq)
            if short > 0 then emit(KEYS[3], ARGV[3], 'shortage', line[1], line[2], ARGV[4], ARGV[2], oh, rs, ss, sq, short) end
          end
          if deduct then
            -- Daily capacity: the units of every line, and one shipment per location, on that location's local day.
            local counted = {}
            for i, line in ipairs(lines) do
              local capacity = KEYS[3 + n + i]
              redis.call('HINCRBY', capacity, line[2]..':u', string.format('%d', line[3]))
              if not counted[line[2]] then
                counted[line[2]] = true
                redis.call('HINCRBY', capacity, line[2]..':s', 1)
              end
              redis.call('PEXPIRE', capacity, ARGV[5])
            end
          end
          redis.call('HSET', KEYS[1], 'status', final)
          redis.call('ZREM', KEYS[2], ARGV[4])
        end
        if status == 'held' and now >= tonumber(r[2]) then
          settle('expired', 'expired', false)
          if action == 'commit' then return {'refused', 'expired'} end
          return {'ok', 'expired'}
        end
        if status ~= 'held' then
          local repeated = (action == 'commit' and status == 'committed')
            or (action == 'release' and (status == 'released' or status == 'expired'))
          -- A finished reservation has no business in the expiry index: drop it so the sweeper never meets it again.
          if action == 'expire' then redis.call('ZREM', KEYS[2], ARGV[4]) end
          if action == 'expire' or repeated then return {'ok', status} end
          return {'refused', status}
        end
        if action == 'expire' then return {'ok', status} end
        if action == 'commit' then
          settle('committed', 'committed', true)
          return {'ok', 'committed'}
        end
        settle('released', 'released', false)
        return {'ok', 'released'}
        """;
}
