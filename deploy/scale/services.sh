#!/usr/bin/env bash
# PostgreSQL and Redis for the scale-out profile, from Debian packages, on loopback.
# Installs what is missing, starts both if they are not running, and creates the
# `foia` role (password `foia`, may create databases) and its `foia` database.
# Used by .ci/run and `make scale-test`; safe to run again.
set -euo pipefail

if [ "$(id -u)" = 0 ]; then SUDO=""; AS_PG="runuser -u postgres --"; else SUDO="sudo"; AS_PG="sudo -u postgres"; fi

missing=""
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing="$missing postgresql"
command -v redis-server >/dev/null || missing="$missing redis-server"
if [ -n "$missing" ]; then
  echo "installing system packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi

# PostgreSQL: Debian's cluster listens on localhost only. In containers the package's
# own start is refused (policy-rc.d), so start the cluster by hand.
if [ -z "$(pg_lsclusters -h)" ]; then
  $SUDO pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -1)" main
fi
read -r pg_version pg_cluster _ pg_status _ < <(pg_lsclusters -h | head -1)
if [ "$pg_status" != "online" ]; then
  $SUDO pg_ctlcluster "$pg_version" "$pg_cluster" start
fi
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
pg_isready -h 127.0.0.1
$AS_PG psql -q -v ON_ERROR_STOP=1 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'foia') THEN
    CREATE ROLE foia LOGIN CREATEDB PASSWORD 'foia';
  END IF;
END $$;
SQL
if [ -z "$($AS_PG psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'foia'")" ]; then
  $AS_PG createdb -O foia foia
fi

# Redis: no persistence needed for a broker of short-lived step tasks.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  # --dir: keep any snapshot Redis writes out of the working tree
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir "${TMPDIR:-/tmp}"
fi
for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
echo "redis: $(redis-cli -h 127.0.0.1 -p 6379 ping)"
