"""The login lockout (django-axes): which name a login attempt is counted under."""

# django-axes keeps the typed name in a 255-character column; Django's usernames have at most
# 150. A longer name typed at /admin/login/ made PostgreSQL refuse the row (a 500, found by
# the fuzz test); no account has such a name, so cutting it loses nothing.
MAX_USERNAME_LENGTH = 150


def attempted_username(request, credentials):
    """The username of a login attempt, as typed, cut to the longest a username can be."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "POST", {}).get("username")
    return None if username is None else str(username)[:MAX_USERNAME_LENGTH]
