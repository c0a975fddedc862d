#!/usr/bin/env bash
# Fuzzes the HTTP API with Schemathesis (pinned, from PyPI) against its own OpenAPI document (/docs/json):
# every operation, once with an admin key and once with an agent key. Fails on any 5xx, any answer that
# does not match its documented schema, content type or headers, and any undocumented status code.
# The API runs as test/fuzz/api-server.ts: the production app on a fresh database (DATABASE_URL's server,
# else an in-memory PGlite), without Temporal.
#   bash scripts/fuzz-api.sh                     # or: npm run test:fuzz
#   FUZZ_MAX_EXAMPLES=200 FUZZ_SECONDS=600 bash scripts/fuzz-api.sh   # a longer hunt
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=$root/.tools/venv
requirements=$root/scripts/fuzz-requirements.txt
version=$(sed -n 's/^schemathesis==\([^ ]*\).*/\1/p' "$requirements")
max_examples=${FUZZ_MAX_EXAMPLES:-25}
seconds=${FUZZ_SECONDS:-90}     # per key
seed=${FUZZ_SEED:-20261201}
started=$(date +%s)

if [[ "$("$venv/bin/st" --version 2>/dev/null || true)" != *"$version"* ]]; then
  echo "== Schemathesis $version into .tools/venv (pip --require-hashes)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check --require-hashes -r "$requirements" || {
    echo "   the hashes are for CPython 3.11 on linux x86_64 ($(python3 --version)); installing the same pinned versions without hashes"
    sed 's/ --hash=.*//' "$requirements" | grep -v '^#' > "$venv/requirements-unhashed.txt"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$venv/requirements-unhashed.txt"
  }
fi

work=$(mktemp -d /tmp/sla-fuzz.XXXXXX)
server_pid=
stop() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop EXIT

echo "== API for fuzzing ($([[ -n ${DATABASE_URL:-} ]] && echo PostgreSQL || echo PGlite))"
# node itself (not npx/tsx wrappers), so that stopping $server_pid stops the server.
LOG_LEVEL=${FUZZ_LOG_LEVEL:-error} node --import tsx test/fuzz/api-server.ts > "$work/server.out" 2> "$work/server.err" &
server_pid=$!
for _ in $(seq 1 120); do
  [[ -s "$work/server.out" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; echo "the API for fuzzing did not start" >&2; exit 1; }
  sleep 0.5
done
read -r port admin agent < <(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8").split("\n")[0]);console.log(j.port,j.adminKey,j.agentKey)' "$work/server.out")
echo "   listening on 127.0.0.1:$port"

# not_a_server_error: no 5xx; status_code_conformance: no undocumented status; content_type_conformance,
# response_schema_conformance, response_headers_conformance: every answer as documented;
# negative_data_rejection: what the schema forbids is refused; use_after_free: a deleted resource stays gone.
# The key is sent as given (no generated security parameters). /healthz is left out: without Temporal it
# answers 503 by design (test/http/health.test.ts covers it).
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,negative_data_rejection,use_after_free
status=0
fuzz() { # label key seconds filter...
  local label=$1 key=$2 budget=$3
  shift 3
  echo "== Schemathesis $version, $label: ≤ $max_examples examples per operation, ≤ ${budget}s, seed $seed"
  local t=$(date +%s)
  # One worker: Hypothesis describes strategies with Python's ast, which is not thread-safe on CPython 3.11
  # ("AST constructor recursion depth mismatch" as a Schemathesis runtime error with --workers 2).
  # In the scratch folder: Schemathesis keeps its caches (.schemathesis, .hypothesis) in the working directory.
  # Its banner lines ("==== 2 warnings in 90.00s ====") are pytest's closing-line format; a CI log reader
  # takes the last one for a pytest run that executed no test, so they are printed as "-- ... --".
  (cd "$work" && "$venv/bin/st" --config-file "$root/scripts/schemathesis.toml" run "http://127.0.0.1:$port/docs/json" "$@" \
    --header "Authorization: Bearer $key" \
    --checks "$checks" \
    --phases examples,coverage,fuzzing \
    --max-examples "$max_examples" \
    --max-time "$budget" \
    --seed "$seed" \
    --workers 1 \
    --request-timeout 10 \
    --suppress-health-check all \
    --report junit --report-dir "$work/report-${label// /-}" \
    --generation-database none \
    --generation-with-security-parameters false \
    --exclude-path /healthz \
    --no-color) | sed -u -E 's/^=+ (.*[^ =]) =+$/-- \1 --/' || status=1
  echo "   $label: $(( $(date +%s) - t ))s"
}
# Revoking keys is fuzzed last: the admin run could otherwise revoke the very key it runs with.
fuzz "admin key, every operation but revoke" "$admin" "$seconds" --exclude-path-regex '/revoke$'
fuzz "agent key, every operation" "$agent" "$seconds"
fuzz "admin key, revoke" "$admin" 30 --include-path-regex '/revoke$'

if grep -q '"level":50' "$work/server.err" 2>/dev/null || grep -q '"level":50' "$work/server.out" 2>/dev/null; then
  echo "== the API logged errors while being fuzzed:"
  grep -h '"level":50' "$work/server.out" "$work/server.err" | head -20
  status=1
fi
echo "== fuzzing $( [[ $status == 0 ]] && echo passed || echo FAILED ) in $(( $(date +%s) - started ))s (reports in $work)"
exit $status
