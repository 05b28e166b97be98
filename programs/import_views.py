"""Staff pages of the import: upload a file, see what it would change, confirm or cancel.

Thin: the form takes the file, programs.services.imports.batches does the rest. A batch is
its uploader's: another user gets a 404. Big files are checked and written by the worker;
the batch page polls its state as JSON (the monthly report's pattern and script).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from moc_portal.core.access import permission_required

from .forms import ImportUploadForm
from .models import ImportBatch
from .permissions import can_import
from .services.import_files import ImportFileError
from .services.imports import batches, queue

POLL_SECONDS = 2
TARGETS = {"programs": ImportBatch.Target.PROGRAM, "organizations": ImportBatch.Target.ORGANIZATION}
staff_only = permission_required()


@require_http_methods(["GET", "POST"])
@staff_only
def import_upload(request, target):
    target = TARGETS.get(target)
    if target is None:
        raise Http404
    if not can_import(request.user, target):
        raise PermissionDenied("Загружать из файла могут методисты и представители организаций.")
    form = ImportUploadForm(request.POST or None, request.FILES or None, target=target)
    if request.method == "POST" and form.is_valid():
        try:
            batch = queue.start_batch(form.cleaned_data["file"], target=target, user=request.user)
        except (ImportFileError, queue.QueueUnavailable) as error:
            form.add_error("file", str(error))
        else:
            return redirect(batch)
    recent = ImportBatch.objects.filter(user=request.user, target=target)[:5]
    return render(
        request,
        "programs/import_upload.html",
        {
            "form": form,
            "target": target,
            "target_label": ImportBatch.Target(target).label,
            "recent": recent,
            "background_rows": batches.background_rows(),
            "changelist": f"admin:programs_{target}_changelist",
        },
    )


@require_GET
@staff_only
def import_batch(request, pk):
    batch = _own_batch(request, pk)
    if request.GET.get("format") == "json":
        response = JsonResponse(
            {
                "status": batch.status,
                "label": batch.get_status_display(),
                "progress": batch.progress,
                "finished": batch.status not in ImportBatch.WORKING,
            }
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "programs/import_batch.html",
        {
            "batch": batch,
            "working": batch.status in ImportBatch.WORKING,
            "poll_seconds": POLL_SECONDS,
            "hidden_errors": max(0, batch.error_count - len(batch.errors)),
            "hidden_rows": max(0, batch.row_count - len(batch.preview)),
            "changelist": f"admin:programs_{batch.target}_changelist",
        },
    )


@require_POST
@staff_only
def import_confirm(request, pk):
    batch = _own_batch(request, pk)
    try:
        if not queue.confirm_batch(batch):
            messages.info(request, "Эта загрузка уже не ждёт подтверждения.")
    except queue.QueueUnavailable as error:
        messages.error(request, str(error))
    return redirect(batch)


@require_POST
@staff_only
def import_cancel(request, pk):
    batch = _own_batch(request, pk)
    if batches.cancel_batch(batch):
        messages.info(request, "Загрузка отменена, файл удалён. Ничего не сохранено.")
    return redirect("programs:import_upload", target=_target_slug(batch.target))


def _own_batch(request, pk):
    return get_object_or_404(ImportBatch, pk=pk, user=request.user)


def _target_slug(target):
    return next(slug for slug, value in TARGETS.items() if value == target)
