"""Signals of the catalogue's writes that send none of Django's own.

A bulk write (the organization import) sends no `post_save`; apps that keep data derived from
an organization (the practice bank's search text) listen here, since the catalogue imports no
section app.
"""

from django.dispatch import Signal

# Sent after organizations were renamed in bulk, with `pks`: the renamed organizations' keys.
organizations_renamed = Signal()
