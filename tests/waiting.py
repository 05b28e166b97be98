"""The one way a test waits: poll a condition until it holds or a deadline passes.

A fixed `time.sleep` is either too short on a loaded machine (the test fails for nothing) or
too long everywhere else (the suite is slow); a condition with a deadline is neither.
"""

import time

import pytest


def wait_until(condition, what, *, timeout=30, interval=0.05, detail=None):
    """Call `condition()` until it returns something truthy and return that value.

    After `timeout` seconds the test fails, naming `what` it waited for and adding `detail()`
    (a log tail, say) when given. The deadline uses the monotonic clock, which a travelled
    wall clock (time-machine) does not move.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            message = f"Timed out after {timeout} s waiting for {what}."
            if detail is not None:
                message += "\n" + str(detail())
            pytest.fail(message)
        time.sleep(interval)
