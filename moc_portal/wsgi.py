"""
WSGI config for moc_portal project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moc_portal.settings")

application = get_wsgi_application()

# A weak SECRET_KEY stops the server here; the web's statement timeout starts here.
from moc_portal.serving import start  # noqa: E402 (needs the settings loaded above)

start("web")
