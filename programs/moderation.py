"""Who puts a program on the public site: a methodist, after a representative's edit.

The regional Навигатор works so: an organization's representative creates or edits a
program, it waits «на модерации», and a methodist publishes it or returns it «на доработке».
"""

from .models import Program
from .permissions import can_publish


def status_after_save(user, program, *, is_new, changed):
    """The status a program is saved with after `user` created or edited it."""
    if can_publish(user) or not (is_new or changed):
        return program.status
    if program.status == Program.Status.ARCHIVED and not is_new:
        return program.status  # a representative may withdraw a program without review
    return Program.Status.MODERATION
