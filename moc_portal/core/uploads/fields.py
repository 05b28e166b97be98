"""The model fields every upload goes through: a policy (`policies.py`) instead of loose
`upload_to`/`validators` arguments.

- `UploadFileField(…, policy="document", folder="documents")` stores
  `private/documents/2026/11/<random>.pdf`; the content is checked by `validate_upload`
  against the policy's kinds (a narrower `kinds=` may be given);
- `ImageUploadField(…, folder="programs")` stores `public/programs/…/<random>.jpg`, shrunk
  to the policy's longest side before it is written;
- `GeneratedFileField(…, folder="monitoring/reports")` is for files the portal makes: private,
  under the name the code gives.

A replaced file is deleted from disk once the new one is committed, and a deleted row's file
with it, unless another row of the same field still names it.

A private file has no address under `/media/`: its `.url` (the admin's «Сейчас: …» link) is
the wiring's staff view `admin_stored_file`, which serves it to those who may open its row in
the admin. Public pages serve private files through their own views that check publication.
"""

import posixpath

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import signals
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.deconstruct import deconstructible

from .images import shrink_image
from .policies import POLICIES
from .validation import UploadTo, UploadValidator


@deconstructible
class KeepNameTo:
    """`private/monitoring/reports/<the name the code gave>`: for files the portal makes."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        return f"{self.folder}/{posixpath.basename(filename)}"

    def __eq__(self, other):
        return isinstance(other, KeepNameTo) and self.folder == other.folder


class PrivateFieldFile(FieldFile):
    """A private upload's address is a staff view that checks the row, never `/media/`."""

    @property
    def url(self):
        self._require_file()
        content_type = ContentType.objects.get_for_model(self.instance)  # cached by Django
        return reverse(
            "admin_stored_file", args=[content_type.pk, self.instance.pk, self.field.attname]
        )


class PolicyFieldMixin:
    """What the upload fields share: the policy's storage place, checks and clean-up."""

    default_policy = "document"

    def __init__(self, verbose_name=None, *, folder, policy=None, kinds=None, **kwargs):
        self.policy_code = policy or self.default_policy
        self.policy = POLICIES[self.policy_code]
        self.folder = folder
        self.kinds = tuple(kinds) if kinds else None
        place = f"{self.policy.root}/{folder}"
        kwargs["upload_to"] = KeepNameTo(place) if self.policy.keep_name else UploadTo(place)
        allowed = self.kinds or self.policy.kinds
        if allowed:
            kwargs["validators"] = [UploadValidator(allowed), *kwargs.get("validators", ())]
        kwargs.setdefault("max_length", 200)
        super().__init__(verbose_name, **kwargs)
        if not self.policy.public:
            self.attr_class = PrivateFieldFile

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("upload_to", None)
        allowed = self.kinds or self.policy.kinds
        validators = [v for v in kwargs.pop("validators", []) if v != UploadValidator(allowed)]
        if validators:
            kwargs["validators"] = validators
        if kwargs.get("max_length") == 200:
            del kwargs["max_length"]
        kwargs["folder"] = self.folder
        if self.policy_code != self.default_policy:
            kwargs["policy"] = self.policy_code
        if self.kinds:
            kwargs["kinds"] = self.kinds
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if cls._meta.abstract:
            return
        signals.post_init.connect(self._remember_name, sender=cls, weak=False)
        signals.post_save.connect(self._delete_replaced, sender=cls, weak=False)
        signals.post_delete.connect(self._delete_with_row, sender=cls, weak=False)

    # --- clean-up of files no row names any more ---

    def _remember_name(self, instance, **kwargs):
        value = instance.__dict__.get(self.attname)
        names = instance.__dict__.setdefault("_stored_file_names", {})
        names[self.attname] = getattr(value, "name", value) or ""

    def _delete_replaced(self, instance, **kwargs):
        names = instance.__dict__.setdefault("_stored_file_names", {})
        old = names.get(self.attname, "")
        current = getattr(instance, self.attname).name or ""
        names[self.attname] = current
        if old and old != current:
            self._delete_when_unused(instance, old)

    def _delete_with_row(self, instance, **kwargs):
        name = getattr(instance, self.attname).name
        if name:
            self._delete_when_unused(instance, name)

    def _delete_when_unused(self, instance, name):
        model, storage = type(instance), self.storage

        def delete():
            if not model._base_manager.filter(**{self.attname: name}).exists():
                storage.delete(name)

        transaction.on_commit(delete, using=instance._state.db)


class UploadFileField(PolicyFieldMixin, models.FileField):
    pass


class GeneratedFileField(PolicyFieldMixin, models.FileField):
    default_policy = "generated"


class ImageUploadField(PolicyFieldMixin, models.ImageField):
    default_policy = "image"

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed and self.policy.max_side:
            try:
                smaller = shrink_image(file.file, self.policy.max_side)
            except (OSError, ValueError):  # not an image: its validator says so
                smaller = None
            if smaller is not None:
                file.save(smaller.name, smaller, save=False)
        return super().pre_save(model_instance, add)
