"""The task retry policy, declared on every Celery task that may meet a passing failure.

A database that fails for a moment is retried with a growing pause (up to ten minutes between
tries); mail needs no task retry: it waits in the outbox (core/outbox.py), which retries on its
own. `acks_late` with CELERY_TASK_REJECT_ON_WORKER_LOST gives a task whose worker was killed to
another worker. Tasks are idempotent, so a second run finds its work done.

    @shared_task(**retrying(*TRANSIENT_DATABASE_ERRORS))
"""

from django.db import InterfaceError, OperationalError

TRANSIENT_DATABASE_ERRORS = (OperationalError, InterfaceError)


def retrying(*errors, max_retries=5):
    """Celery task options: retry on `errors` with backoff, acknowledge after the run."""
    return {
        "autoretry_for": errors,
        "acks_late": True,
        "retry_backoff": True,
        "retry_backoff_max": 600,
        "max_retries": max_retries,
    }
