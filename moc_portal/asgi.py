"""
ASGI config for moc_portal project.

It exposes the ASGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/asgi/
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moc_portal.settings")

application = get_asgi_application()

# A weak SECRET_KEY stops the server here; the web's statement timeout starts here.
from moc_portal.serving import start  # noqa: E402 (needs the settings loaded above)

start("web")
