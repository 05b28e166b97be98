"""Run in a process of its own with DATABASE_URL (primary) and DATABASE_REPLICA_URL: makes the
requests named on the command line and prints, per request, its status and how many SQL
statements went to each database. Steps: anon, staff, post-then-anon, expired-pin."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moc_portal.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402

from moc_portal.core.replica import PIN_COOKIE, replica_is_fresh  # noqa: E402

counts = {"default": 0, "replica": 0}


def counter(alias):
    def wrapper(execute, sql, params, many, context):
        counts[alias] += 1
        return execute(sql, params, many, context)

    return wrapper


for name in counts:
    connections[name].execute_wrappers.append(counter(name))


def measure(client, method, path, **extra):
    for name in counts:
        counts[name] = 0
    response = getattr(client, method)(path, **extra)
    return {"status": response.status_code, **counts}


# The health check opens the replica's connection (its set-up statements are not a page's
# reads); its answer holds for REPLICA_CHECK_SECONDS, which the test makes long.
results = {"fresh": replica_is_fresh()}
for step in sys.argv[1:]:
    client = Client()
    if step == "anon":
        results[step] = measure(client, "get", "/programs/")
    elif step == "staff":
        user, _ = get_user_model().objects.get_or_create(username="probe-staff", is_staff=True)
        client.force_login(user)
        results[step] = measure(client, "get", "/programs/")
    elif step == "post-then-anon":
        client.post("/contacts/", {})
        results[step] = measure(client, "get", "/programs/")
    elif step == "expired-pin":
        client.cookies[PIN_COOKIE] = "1"
        results[step] = measure(client, "get", "/programs/")
print(json.dumps(results))
