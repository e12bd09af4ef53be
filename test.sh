#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, M failed".
# Test tools from npm (when package.json exists) are installed first; tests start the services they need themselves.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ -f package.json ] && [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund || { echo "npm ci failed: the test tools could not be installed"; echo "0 passed, 1 failed"; exit 1; }
fi

results="TestResults/run-$(date +%s)"
dotnet test ShopPipeline.sln --results-directory "$results" --logger "trx" --blame-hang-timeout 10m "$@"
rc=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any test could report: count it as a failure.
  failed=1
fi
echo "${passed} passed, ${failed} failed"
exit "$rc"
