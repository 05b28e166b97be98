from django.db import models


class Deletion(models.Model):
    """A deleted object's marker: a client syncing with `updated_after` learns it is gone.

    Objects that only left the public set (archived, unpublished, organization deactivated)
    need no marker here: the API reports them from their own rows (see `sources`)."""

    kind = models.CharField("что", max_length=20)
    uuid = models.UUIDField("UUID")
    deleted_at = models.DateTimeField("удалено", auto_now_add=True)

    class Meta:
        verbose_name = "удалённый объект (для API)"
        verbose_name_plural = "удалённые объекты (для API)"
        indexes = [models.Index(fields=["kind", "deleted_at", "uuid"])]

    def __str__(self):
        return f"{self.kind} {self.uuid}"
