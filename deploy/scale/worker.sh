#!/usr/bin/env bash
# Start one Celery worker of the scale-out profile: `deploy/scale/worker.sh NAME`.
# Run one per machine (or per core group) from the repository root, with the same
# FOIA_PG_URL, FOIA_DAGSTER_STATE and FOIA_CELERY_BROKER as the Dagster daemon/UI.
#
# The solo pool runs each step in the worker process itself: a step may then start
# its own OCR process pool (FoiaSettings.workers), which Celery's default prefork
# children, being daemonic, are not allowed to do.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
name="${1:-worker}"
shift || true
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
export DAGSTER_HOME="${DAGSTER_HOME:-$here}"
exec "$root/.venv/bin/celery" -A dagster_celery.app worker -P solo -Q dagster \
  --prefetch-multiplier=1 -n "$name@%h" -l "${FOIA_WORKER_LOGLEVEL:-INFO}" "$@"
