"""Moving stored files under the policy's root (`public/` or `private/`), for data migrations.

`migrations.RunPython(*relocate("programs", "Program", "photo", "public"))` moves every file
of that field that is not yet under a root (`programs/x.jpg` → `public/programs/x.jpg`) and
its row's path; the reverse takes the root off again. A row whose file is missing on disk
gets the new path all the same, so the pages never point at the old, guessable place.
"""

from django.core.files.storage import default_storage

from .policies import PRIVATE_FOLDER, PUBLIC_FOLDER

ROOTS = (f"{PUBLIC_FOLDER}/", f"{PRIVATE_FOLDER}/")


def relocate(app_label, model_name, field_name, root):
    def forward(apps, schema_editor):
        _move(apps.get_model(app_label, model_name), field_name, lambda name: f"{root}/{name}")

    def backward(apps, schema_editor):
        _move(
            apps.get_model(app_label, model_name),
            field_name,
            lambda name: name.removeprefix(f"{root}/"),
            moving_back=root,
        )

    return forward, backward


def _move(model, field_name, new_name_of, moving_back=None):
    rows = model._base_manager.exclude(**{field_name: ""}).values_list("pk", field_name)
    for pk, name in rows.iterator():
        if moving_back is None and name.startswith(ROOTS):
            continue
        if moving_back is not None and not name.startswith(f"{moving_back}/"):
            continue
        target = new_name_of(name)
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as content:
                target = default_storage.save(target, content)
            default_storage.delete(name)
        model._base_manager.filter(pk=pk).update(**{field_name: target})
