from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from moc_portal.core.page_cache import public_page
from moc_portal.core.uploads import upload_response

from . import permissions, selectors, services
from .forms import AskForm
from .models import Topic

STAFF_LOGIN = "admin:login"


@public_page
def knowledge_base(request):
    """«Вопросы и ответы»: the published, anonymised answers, searchable."""
    context = {"base": selectors.browse(request.GET), "topics": dict(Topic.choices)}
    return render(request, "consultations/knowledge_base.html", context)


def _seen(request):
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied("Раздел для сотрудников организаций и МОЦ.")
    return permissions.seen_organizations(request.user)


@login_required(login_url=STAFF_LOGIN)
def my_consultations(request):
    organizations = _seen(request)
    context = {
        "consultations": selectors.visible_to(organizations)[:100],
        "can_ask": permissions.can_ask(request.user),
    }
    return render(request, "consultations/my_list.html", context)


@login_required(login_url=STAFF_LOGIN)
@require_http_methods(["GET", "HEAD", "POST"])
def ask(request):
    organizations = permissions.asking_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied("Задать вопрос МОЦ могут сотрудники организаций.")
    organizations = organizations.order_by("short_name", "id")
    form = AskForm(request.POST or None, request.FILES or None, organizations=organizations)
    if request.method == "POST":
        if form.is_valid():
            consultation = services.ask(
                organization=form.cleaned_data["organization"],
                user=request.user,
                topic=form.cleaned_data["topic"],
                question=form.cleaned_data["question"],
                files=form.cleaned_data["files"],
            )
            messages.success(
                request, "Вопрос отправлен в МОЦ. Ответ придёт на e-mail и появится здесь."
            )
            return redirect("consultations:detail", pk=consultation.pk)
        messages.error(request, "Вопрос не отправлен: исправьте отмеченные поля.")
    return render(request, "consultations/ask.html", {"form": form})


@login_required(login_url=STAFF_LOGIN)
def detail(request, pk):
    consultation = selectors.consultation_for(_seen(request), pk)
    if consultation is None:
        raise Http404("Консультация не найдена")
    context = {
        "consultation": consultation,
        "can_answer": permissions.can_answer(request.user),
    }
    return render(request, "consultations/detail.html", context)


@login_required(login_url=STAFF_LOGIN)
def attachment(request, pk, file_pk):
    consultation = selectors.consultation_for(_seen(request), pk)
    item = None
    if consultation is not None:
        item = next((each for each in consultation.attachments.all() if each.pk == file_pk), None)
    if item is None or not item.file:
        raise Http404("Файл не найден")
    return upload_response(item.file, download_name=item.download_name)
