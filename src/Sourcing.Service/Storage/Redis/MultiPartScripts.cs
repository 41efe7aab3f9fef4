namespace Sourcing.Service.Storage.Redis;

/// <summary>
/// The scripts of a reservation whose lines live in several partitions. Each touches one partition only (one cluster
/// slot): the coordinator (the reservation's record, in the partition of its request id) or one part. The steps are
/// ordered so that a crash between any two leaves a state a retry or the sweeper can finish, and stock is never
/// counted twice: the coordinator is written before any part, it turns held only after every part is held, and it
/// leaves held (to committing or releasing) before any part is finished.
/// </summary>
internal static class MultiPartScripts
{
    /// <summary>
    /// Step 1. KEYS: request record, reservation hash, expiry zset (all in the coordinator's partition).
    /// ARGV: fingerprint, reservation id, request id, expires at ms, record ttl ms, encoded lines, parts.
    /// Returns {'conflict'}, {'repeat', outcome}, {'resume', reservation id} for an attempt that never finished, or {'new', reservation id}.
    /// </summary>
    public const string Open = """
        local earlier = redis.call('HMGET', KEYS[1], 'fp', 'outcome', 'rid')
        if earlier[1] then
          if earlier[1] ~= ARGV[1] then return {'conflict'} end
          if earlier[2] then return {'repeat', earlier[2]} end
          return {'resume', earlier[3]}
        end
        redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'rid', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        redis.call('HSET', KEYS[2], 'req', ARGV[3], 'status', 'pending', 'exp', ARGV[4], 'lines', ARGV[6], 'parts', ARGV[7])
        redis.call('PEXPIRE', KEYS[2], ARGV[5])
        -- Indexed at once: if this attempt dies before its parts answer, the sweeper releases whatever they hold.
        redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
        return {'new', ARGV[2]}
        """;

    /// <summary>
    /// Step 2, one per partition. KEYS: part hash, event stream, expiry zset (the part's partition), then one stock hash
    /// per line of the part. ARGV: reservation id, now ms, stream max length, record ttl ms, orphan due ms, request id,
    /// then per line: index in the reservation, sku, location, quantity.
    /// Returns {state, shortfalls}: 'held', 'short' with "index=available,...", or the state of a part already finished.
    /// </summary>
    public const string Hold = StockScripts.Prelude + "\n" + """
        local known = redis.call('HMGET', KEYS[1], 'state', 'short')
        if known[1] then return {known[1], known[2] or ''} end
        local n = #KEYS - 3
        local short, cells = {}, {}
        for i = 1, n do
          local b = 7 + (i - 1) * 4
          local oh, rs, ss, sq = cell(KEYS[3 + i], ARGV[b + 2])
          cells[i] = {oh, rs, ss, sq}
          local available = math.max(0, oh - rs - ss)
          if available < tonumber(ARGV[b + 3]) then table.insert(short, ARGV[b]..'='..available) end
        end
        if #short > 0 then
          local detail = table.concat(short, ',')
          redis.call('HSET', KEYS[1], 'state', 'short', 'short', detail)
          redis.call('PEXPIRE', KEYS[1], ARGV[4])
          return {'short', detail}
        end
        local lines = {}
        for i = 1, n do
          local b = 7 + (i - 1) * 4
          local c = cells[i]
          local reserved = c[2] + tonumber(ARGV[b + 3])
          put(KEYS[3 + i], ARGV[b + 2], c[1], reserved, c[3], c[4])
          emit(KEYS[2], ARGV[3], 'reserved', ARGV[b + 1], ARGV[b + 2], ARGV[6], ARGV[2], c[1], reserved, c[3], c[4])
          table.insert(lines, ARGV[b + 1]..'|'..ARGV[b + 2]..'|'..ARGV[b + 3]..'\n')
        end
        redis.call('HSET', KEYS[1], 'state', 'held', 'lines', table.concat(lines))
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        -- An orphan (its coordinator lost, e.g. in a failover) is found by the sweeper of this partition.
        redis.call('ZADD', KEYS[3], ARGV[5], 'part:'..ARGV[1])
        return {'held', ''}
        """;

    /// <summary>
    /// Step 3 when every part is held. KEYS: request record, reservation hash. ARGV: reservation id.
    /// Returns the reservation's status afterwards ('held', or what someone else made of it), or 'missing'.
    /// </summary>
    public const string Settle = """
        local status = redis.call('HGET', KEYS[2], 'status')
        if not status then return 'missing' end
        if status == 'pending' then
          redis.call('HSET', KEYS[2], 'status', 'held')
          status = 'held'
        end
        redis.call('HSET', KEYS[1], 'outcome', 'held:'..ARGV[1])
        return status
        """;

    /// <summary>
    /// Step 3 when a part fell short, after the held parts were released. KEYS: request record, reservation hash,
    /// expiry zset. ARGV: reservation id, outcome "short:index=available,...".
    /// </summary>
    public const string Abandon = """
        redis.call('DEL', KEYS[2])
        redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('HSET', KEYS[1], 'outcome', ARGV[2])
        return 'short'
        """;

    /// <summary>
    /// Starts a commit, release or expiry of a multi-part reservation. KEYS: reservation hash, expiry zset.
    /// ARGV: action ('commit'|'release'|'expire'), now ms, capacity days "location=yyyy-MM-dd" each ended by a newline (commit only).
    /// Returns {'go', final, days}: finish every part towards final (with the recorded days for a commit), then <see cref="End"/>;
    /// or {'ok', status} / {'refused', status} when there is nothing to do; or {'missing'}.
    /// </summary>
    public const string Begin = """
        local r = redis.call('HMGET', KEYS[1], 'status', 'exp', 'final', 'days')
        if not r[1] then return {'missing'} end
        local status, action, now = r[1], ARGV[1], tonumber(ARGV[2])
        -- Half finished: whoever comes next finishes it the way it was started.
        if status == 'committing' then
          if action == 'release' then return {'refused', 'committed'} end
          return {'go', 'committed', r[4]}
        end
        if status == 'releasing' then
          if action == 'commit' then return {'refused', r[3]} end
          return {'go', r[3], ''}
        end
        if (status == 'held' or status == 'pending') and now >= tonumber(r[2]) then
          redis.call('HSET', KEYS[1], 'status', 'releasing', 'final', 'expired')
          return {'go', 'expired', ''}
        end
        if status == 'held' or status == 'pending' then
          if action == 'expire' then return {'ok', status} end
          if action == 'release' then
            redis.call('HSET', KEYS[1], 'status', 'releasing', 'final', 'released')
            return {'go', 'released', ''}
          end
          if status == 'pending' then return {'refused', 'pending'} end
          redis.call('HSET', KEYS[1], 'status', 'committing', 'days', ARGV[3])
          return {'go', 'committed', ARGV[3]}
        end
        local repeated = (action == 'commit' and status == 'committed')
          or (action == 'release' and (status == 'released' or status == 'expired'))
        if action == 'expire' then redis.call('ZREM', KEYS[2], ARGV[4]) end
        if action == 'expire' or repeated then return {'ok', status} end
        return {'refused', status}
        """;

    /// <summary>Ends a finish once every part is finished. KEYS: reservation hash, expiry zset. ARGV: final status, reservation id. Returns the status.</summary>
    public const string End = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status then return 'missing' end
        if status == 'committing' or status == 'releasing' then
          redis.call('HSET', KEYS[1], 'status', ARGV[1])
          status = ARGV[1]
        end
        redis.call('ZREM', KEYS[2], ARGV[2])
        return status
        """;

    /// <summary>
    /// Finishes one part. KEYS: part hash, event stream, expiry zset (the part's partition), then one stock hash per line
    /// of the part in its stored order, and for a commit one capacity hash per line (its location's day).
    /// ARGV: final ('committed'|'released'|'expired'), now ms, stream max length, reservation id, capacity ttl ms,
    /// record ttl ms, locations whose shipment this part counts (each ended by a newline).
    /// A part not (yet) held becomes a tombstone of the final state, so a hold arriving later holds nothing.
    /// Returns {state before, state after}.
    /// </summary>
    public const string FinishPart = StockScripts.Prelude + "\n" + """
        local h = redis.call('HMGET', KEYS[1], 'state', 'lines')
        local final = ARGV[1]
        if not h[1] then
          redis.call('HSET', KEYS[1], 'state', final)
          redis.call('PEXPIRE', KEYS[1], ARGV[6])
          return {'absent', final}
        end
        if h[1] ~= 'held' then
          redis.call('ZREM', KEYS[3], 'part:'..ARGV[4])
          return {h[1], h[1]}
        end
        local lines = {}
        for sku, loc, qty in string.gmatch(h[2], '([^|\n]+)|([^|\n]+)|(%d+)') do
          table.insert(lines, {sku, loc, tonumber(qty)})
        end
        local n = #lines
        local deduct = final == 'committed'
        local expected = n
        if deduct then expected = 2 * n end
        if n == 0 or #KEYS - 3 ~= expected then return redis.error_reply('reservation lines and keys differ') end
        local ships = {}
        for loc in string.gmatch(ARGV[7], '([^\n]+)') do ships[loc] = true end
        for i, line in ipairs(lines) do
          local key = KEYS[3 + i]
          local oh, rs, ss, sq = cell(key, line[2])
          rs = rs - line[3]
          local short = 0
          if deduct then
            local taken = math.min(line[3], math.max(oh, 0))
            short = line[3] - taken
            oh = oh - taken
          end
          put(key, line[2], oh, rs, ss, sq)
          emit(KEYS[2], ARGV[3], final, line[1], line[2], ARGV[4], ARGV[2], oh, rs, ss, sq)
          if short > 0 then emit(KEYS[2], ARGV[3], 'shortage', line[1], line[2], ARGV[4], ARGV[2], oh, rs, ss, sq, short) end
          if deduct then
            local capacity = KEYS[3 + n + i]
            redis.call('HINCRBY', capacity, line[2]..':u', string.format('%d', line[3]))
            if ships[line[2]] then
              ships[line[2]] = nil
              redis.call('HINCRBY', capacity, line[2]..':s', 1)
            end
            redis.call('PEXPIRE', capacity, ARGV[5])
          end
        end
        redis.call('HSET', KEYS[1], 'state', final)
        redis.call('ZREM', KEYS[3], 'part:'..ARGV[4])
        return {'held', final}
        """;
}
