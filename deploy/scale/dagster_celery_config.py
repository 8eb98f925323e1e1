"""Celery settings for the workers of the scale-out profile.

dagster-celery's worker app (`dagster_celery.app`) imports a module of this name
when it is on PYTHONPATH; deploy/scale/worker.sh puts it there. The values must
match the executor's (pipeline/scale.py: `celery_settings`).
"""

import os

broker_url = os.environ.get("FOIA_CELERY_BROKER", "redis://127.0.0.1:6379/0")
result_backend = os.environ.get("FOIA_CELERY_BACKEND", broker_url)
worker_prefetch_multiplier = 1
task_acks_late = True
# Several deployments (or test runs) sharing one Redis keep their queues apart.
if os.environ.get("FOIA_CELERY_PREFIX"):
    broker_transport_options = {"global_keyprefix": os.environ["FOIA_CELERY_PREFIX"]}
