#!/usr/bin/env bash
# Load test on this machine: starts Redis (one node, or a 3-master cluster), optionally PostgreSQL for the orders,
# the service built in Release, seeds the German network, and runs benchmarks/Sourcing.LoadTest with the arguments
# given after the mode. Everything it starts listens on loopback and is stopped when the script ends.
#
#   scripts/loadtest.sh single  --scenario sourceorder --rate 250,500,1000 --duration 60s --report out/single
#   scripts/loadtest.sh cluster --scenario mixed --rate 500 --report out/cluster
#   ORDERS=postgres scripts/loadtest.sh single --scenario mixed --rate 300
#
# The service runs as in production (Production environment, Storage:Mode=Redis, JWT validation with a fresh HS256
# secret the tool signs its token with, plain-text HTTP/2 allowed on loopback), with the per-caller limits raised:
# the whole load comes from one token, and the default 2,000 calls/s and 64 calls in flight per caller would
# measure the limiter, not the service.
# Environment: NO_BUILD=1 skips the builds; KEEP_LOGS=DIR keeps the logs; ORDERS=postgres keeps orders in PostgreSQL (default: in memory);
# SERVICE_PORT (5080), REDIS_PORT (6391), CLUSTER_PORTS ("7101 7102 7103"), PG_PORT (5491).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
mode="${1:-}"
case "$mode" in
  single|cluster) shift ;;
  *) echo "usage: scripts/loadtest.sh single|cluster [load test options]" >&2; exit 2 ;;
esac

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
service_port="${SERVICE_PORT:-5080}"
redis_port="${REDIS_PORT:-6391}"
read -r -a cluster_ports <<<"${CLUSTER_PORTS:-7101 7102 7103}"
pg_port="${PG_PORT:-5491}"
work="$(mktemp -d /tmp/sourcing-loadtest.XXXXXX)"
pids=()

cleanup() {
  # KEEP_LOGS=DIR keeps the service's and the servers' logs of the run (the rest of the work folder goes).
  if [ -n "${KEEP_LOGS:-}" ]; then mkdir -p "$KEEP_LOGS"; cp "$work"/*.log "$KEEP_LOGS"/ 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -f "$work/pg/postmaster.pid" ]; then
    runuser -u postgres -- pg_ctl -D "$work/pg" -m fast stop >/dev/null 2>&1 || pg_ctl -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ "${NO_BUILD:-0}" != 1 ]; then
  dotnet build src/Sourcing.Service -c Release -v q -nologo
  dotnet build benchmarks/Sourcing.LoadTest -c Release -v q -nologo
fi
# linux-x64 builds go to a runtime folder (Directory.Build.props pins it there); other machines to the plain one.
first_of() { for f in "$@"; do [ -f "$f" ] && { echo "$f"; return; }; done; echo "not built: $1" >&2; exit 1; }
service_dll="$(first_of src/Sourcing.Service/bin/Release/net10.0/*/Sourcing.Service.dll src/Sourcing.Service/bin/Release/net10.0/Sourcing.Service.dll)"
tool_dll="$(first_of benchmarks/Sourcing.LoadTest/bin/Release/net10.0/*/Sourcing.LoadTest.dll benchmarks/Sourcing.LoadTest/bin/Release/net10.0/Sourcing.LoadTest.dll)"

wait_for_port() { # port, what, [pid that must stay alive]
  for _ in $(seq 1 900); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "$2 did not open port $1" >&2
  return 1
}

# No persistence: the figures are the store's, not the disk's.
redis_flags=(--bind 127.0.0.1 --save "" --appendonly no --protected-mode no --daemonize no)
if [ "$mode" = single ]; then
  redis-server --port "$redis_port" --dir "$work" "${redis_flags[@]}" >"$work/redis.log" 2>&1 &
  pids+=($!)
  wait_for_port "$redis_port" redis-server
  redis_config="127.0.0.1:$redis_port"
  partitions=1
else
  nodes=()
  for port in "${cluster_ports[@]}"; do
    mkdir -p "$work/cluster-$port"
    redis-server --port "$port" --dir "$work/cluster-$port" --cluster-enabled yes --cluster-config-file nodes.conf \
      --cluster-node-timeout 5000 "${redis_flags[@]}" >"$work/cluster-$port.log" 2>&1 &
    pids+=($!)
    nodes+=("127.0.0.1:$port")
  done
  for port in "${cluster_ports[@]}"; do wait_for_port "$port" "redis-server (cluster)"; done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$work/cluster-create.log"
  for _ in $(seq 1 100); do
    redis-cli -p "${cluster_ports[0]}" cluster info | grep -q 'cluster_state:ok' && break
    sleep 0.2
  done
  redis_config="$(IFS=,; echo "${nodes[*]}")"
  partitions=16
fi

orders_settings=()
if [ "${ORDERS:-memory}" = postgres ]; then
  pg_bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)")"
  as_pg=()
  if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); chown postgres "$work"; fi
  "${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg" -U sourcing --auth=trust >/dev/null
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  wait_for_port "$pg_port" PostgreSQL
  "${as_pg[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U sourcing sourcing
  orders_settings=(Orders__ConnectionString="Host=127.0.0.1;Port=$pg_port;Database=sourcing;Username=sourcing" Orders__ApplyMigrations=true \
    Billing__Seller__Name="Load Test GmbH" Billing__Seller__Street="Musterstraße 1" Billing__Seller__PostalCode=10117 \
    Billing__Seller__City=Berlin Billing__Seller__Country=DE Billing__Seller__VatId=DE123456789)
  # (A seller is required with orders in PostgreSQL outside Development: it is printed on every invoice.)
fi

# Redis:StockPartitions spreads the stock keys over cluster slots; a service without the setting refuses it (an unknown
# setting stops it at start), and cannot run on a cluster at all.
partition_settings=()
if grep -rqs 'StockPartitions' src/Sourcing.Service/Storage/Redis/; then
  partition_settings=(Redis__StockPartitions="$partitions")
elif [ "$mode" = cluster ]; then
  echo "this service has no Redis:StockPartitions setting yet: it cannot keep its stock on a cluster" >&2
  exit 1
fi

jwt_key="$(head -c 32 /dev/urandom | base64 -w0)"
env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$service_port" \
  Storage__Mode=Redis Redis__Configuration="$redis_config" Redis__KeyPrefix="loadtest:" \
  "${partition_settings[@]}" \
  Rules__Directory="$repo/rules" Rules__WatchFiles=false \
  Security__Jwt__Issuer=loadtest Security__Jwt__Audience=sourcing Security__Jwt__SigningKeys__0="$jwt_key" \
  Security__AllowPlaintext=true \
  Limits__CallsPerSecondPerCaller=1000000 Limits__BurstPerCaller=1000000 Limits__ConcurrentCallsPerCaller=100000 \
  Logging__LogLevel__Default=Warning \
  "${orders_settings[@]}" \
  dotnet "$service_dll" >"$work/service.log" 2>&1 &
service_pid=$!
pids+=("$service_pid")
wait_for_port "$service_port" "the service" "$service_pid" || { tail -n 50 "$work/service.log" >&2; exit 1; }
echo "service on http://127.0.0.1:$service_port (Redis $redis_config, ${partition_settings[*]:-one partition}, orders ${ORDERS:-memory})"

set +e
dotnet "$tool_dll" --target "http://127.0.0.1:$service_port" --jwt-key "$jwt_key" --jwt-issuer loadtest --jwt-audience sourcing \
  --redis "$redis_config" --seed "$@"
status=$?
set -e
if ! kill -0 "$service_pid" 2>/dev/null; then
  echo "the service stopped during the run; its log:" >&2
  tail -n 50 "$work/service.log" >&2
fi
grep -E ' (fail|crit):' "$work/service.log" | head -n 20 >&2 || true
exit "$status"
