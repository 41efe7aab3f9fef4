#!/usr/bin/env bash
# Runs every test of the solution against a real redis-server (installed with apt-get when missing; the test
# fixture starts its own on a free loopback port) and ends with the line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server not found: installing it with apt-get"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq redis-server >/dev/null
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
