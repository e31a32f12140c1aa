#!/usr/bin/env bash
# Runs every check and test of KnockDoor on a Debian 12 machine:
#   installs what the tests need when it is missing (PostgreSQL 15, Chromium, CJK fonts),
#   starts a throwaway PostgreSQL on a free loopback port (exported as KNOCKDOOR_TEST_PG),
#   checks formatting, builds, runs the unit and integration tests (SQLite, PostgreSQL, browser),
#   and ends with one line "N passed, N failed" counted from the trx logs.
set -uo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)
RESULTS="$ROOT/.test-run/results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
PG_BIN=/usr/lib/postgresql/15/bin

log() { printf '== %s\n' "$*" >&2; }

# ---- 1. What the tests need --------------------------------------------------------------
missing=()
dpkg -s postgresql-15 >/dev/null 2>&1 && [ -x "$PG_BIN/pg_ctl" ] || missing+=(postgresql-15)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "missing packages (${missing[*]}) and not root: install them with apt-get"
    echo "0 passed, 0 failed"
    exit 1
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq "${missing[@]}" >&2 || {
    log "apt-get install failed"
    echo "0 passed, 0 failed"
    exit 1
  }
fi
if ! command -v dotnet >/dev/null 2>&1; then
  log "the .NET SDK (see global.json) is not installed"
  echo "0 passed, 0 failed"
  exit 1
fi

# ---- 2. A throwaway PostgreSQL -----------------------------------------------------------
PG_DIR=$(mktemp -d /tmp/kd-pg.XXXXXX)
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_DIR"
}
trap cleanup EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PG_PORT=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if port_free "$candidate"; then PG_PORT=$candidate; break; fi
done
[ -n "$PG_PORT" ] || { log "no free port for PostgreSQL"; echo "0 passed, 0 failed"; exit 1; }

[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DIR"
log "starting PostgreSQL 15 on 127.0.0.1:$PG_PORT"
if ! as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1; then
  cat "$PG_DIR/initdb.log" >&2
  echo "0 passed, 0 failed"
  exit 1
fi
if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null; then
  cat "$PG_DIR/server.log" >&2
  echo "0 passed, 0 failed"
  exit 1
fi
export KNOCKDOOR_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"

# ---- 3. Format, build, test --------------------------------------------------------------
status=0
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

log "dotnet format --verify-no-changes"
if ! dotnet format KnockDoor.slnx --verify-no-changes >&2; then
  log "formatting differs: run 'dotnet format KnockDoor.slnx'"
  status=1
fi

log "dotnet build"
if ! dotnet build KnockDoor.slnx -nologo -v quiet >&2; then
  log "build failed"
  echo "0 passed, 0 failed"
  exit 1
fi

for project in tests/KnockDoor.Tests tests/KnockDoor.IntegrationTests; do
  name=$(basename "$project")
  log "dotnet test $name"
  if ! dotnet test "$project" --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
      --results-directory "$RESULTS" --blame-hang-timeout 10m >&2; then
    status=1
  fi
  if [ ! -f "$RESULTS/$name.trx" ]; then
    log "$name wrote no test results"
    status=1
  fi
done

# ---- 4. The count ------------------------------------------------------------------------
counter() { # attribute value of <Counters> summed over the trx files
  local sum=0 v f
  for f in "$RESULTS"/*.trx; do
    [ -f "$f" ] || continue
    v=$(grep -o "<Counters [^>]*" "$f" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' | head -1)
    sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}
passed=$(counter passed)
failed=$(( $(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted) ))
if [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then status=1; fi
echo "$passed passed, $failed failed"
exit $status
