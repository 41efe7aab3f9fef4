#!/usr/bin/env bash
# Runs every test of the solution against a real redis-server and a real PostgreSQL (each installed with apt-get
# when missing; the test fixtures start their own servers on free loopback ports, never the packages' default
# services) and ends with the line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need_redis=false need_postgres=false
command -v redis-server >/dev/null 2>&1 || need_redis=true
# The cluster tests join their nodes with redis-cli (Debian's redis-tools, which redis-server depends on).
command -v redis-cli >/dev/null 2>&1 || need_redis=true
# The fixture runs initdb/pg_ctl from Debian's versioned dir; the postgresql package puts them only there.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need_postgres=true

if [ "$need_redis" = true ] || [ "$need_postgres" = true ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  # env, because sudo would drop DEBIAN_FRONTEND.
  apt_get() { $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }
  apt_get update -qq
  if [ "$need_redis" = true ]; then
    echo "redis-server not found: installing it with apt-get"
    apt_get install -y -qq redis-server >/dev/null
  fi
  if [ "$need_postgres" = true ]; then
    echo "PostgreSQL not found: installing it with apt-get"
    # The tests start their own clusters; the package's default cluster on port 5432 would only take memory (and
    # its service may not start on a machine without an init system), so it is not created.
    apt_get install -y -qq postgresql-common >/dev/null
    $sudo_cmd sed -ri 's/^#?[[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' \
      /etc/postgresql-common/createcluster.conf
    apt_get install -y -qq postgresql >/dev/null
  fi
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

set +e
dotnet test Sourcing.sln -c Release --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
test_exit=$?

# The merchandisers' scenarios, through the same command they run (rules/README.md).
dotnet run -c Release --no-build --project src/Sourcing.Service -- rules test
scenarios_exit=$?
set -e

shopt -s nullglob
trx_files=("$results"/*.trx)
if [ ${#trx_files[@]} -eq 0 ]; then
  echo "No test results were written: the build or the test host failed (dotnet test exit code $test_exit)." >&2
  exit 1
fi

# Sum the counters of every test project's results file.
passed=0 failed=0
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done

if [ "$test_exit" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with code $test_exit although no test failed: a project did not build or a test host crashed (see above)." >&2
fi
if [ "$scenarios_exit" -ne 0 ]; then
  echo "The rules scenarios failed (see above)." >&2
fi
echo "${passed} passed, ${failed} failed"
if [ "$failed" -ne 0 ] || [ "$test_exit" -ne 0 ] || [ "$scenarios_exit" -ne 0 ]; then
  exit 1
fi
