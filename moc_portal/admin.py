from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.db import models
from django.http import Http404

from . import schedules_admin
from .core import outbox, questions
from .core.admin_locking import OptimisticLockAdmin
from .core.history_admin import ScopedHistoryAdmin
from .core.records_admin import WrittenByThePortalAdmin
from .core.singletons_admin import SingletonAdmin
from .core.uploads import upload_response
from .models import ConsentRecord, OutgoingMail, Question, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(OptimisticLockAdmin, ScopedHistoryAdmin, SingletonAdmin):
    """One row of settings: the list opens the row itself; it can't be added twice or deleted."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (
            "О центре",
            {
                "fields": (
                    "moc_name",
                    "municipality",
                    "base_organization",
                    "created_on",
                    "coordinators",
                )
            },
        ),
        ("Контакты", {"fields": ("address", "phone", "email", "working_hours")}),
        ("Навигатор", {"fields": ("navigator_base_url", "gosuslugi_url")}),
        ("Загрузка файлов", {"fields": ("max_upload_mb",)}),
        (
            "Оператор персональных данных (152-ФЗ)",
            {
                "fields": (
                    "operator_name",
                    "operator_inn",
                    "operator_ogrn",
                    "operator_address",
                    "privacy_officer",
                    "policy_version",
                    "policy_date",
                )
            },
        ),
        (
            "Персональные данные (152-ФЗ)",
            {"fields": ("consent_text", "privacy_policy", "personal_data_retention_days")},
        ),
        (
            "Открытые данные",
            {"fields": ("opendata_responsible", "opendata_phone", "opendata_email")},
        ),
        ("Страница «О центре»", {"fields": ("about_text",)}),
    )


@admin.register(ConsentRecord)
class ConsentRecordAdmin(WrittenByThePortalAdmin, admin.ModelAdmin):
    """Evidence of consent: read-only for everyone, never edited by hand."""

    deletable = True

    list_display = ["accepted_at", "purpose", "text_version", "ip_address"]
    list_filter = ["purpose", "text_version"]
    date_hierarchy = "accepted_at"
    readonly_fields = ["purpose", "text", "text_version", "accepted_at", "ip_address"]


@admin.register(Question)
class QuestionAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    """Methodists answer parents' questions here; a saved answer is e-mailed to the asker.

    Two methodists may answer the same question at once: the second save is refused by the
    lock with their text kept, and the answer sent is never replaced (see save_model)."""

    list_display = ["created_at", "short_text", "name", "reply_by", "status", "closed_at"]
    list_filter = ["status", "reply_by"]
    search_fields = ["text", "name", "email", "phone"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "name",
        "reply_by",
        "email",
        "phone",
        "text",
        "consent",
        "created_at",
        "status",
        "answered_by",
        "closed_at",
        "answer_mail",
        "personal_data_erased_at",
    ]
    fieldsets = (
        ("Вопрос", {"fields": ("created_at", "text", "status")}),
        ("Автор", {"fields": ("name", "reply_by", "email", "phone", "consent")}),
        (
            "Ответ",
            {
                "fields": ("answer", "answered_by", "closed_at", "answer_mail"),
                "description": "Ответ ставится в очередь на e-mail автора, как только вы "
                "сохраните вопрос; отправку видно в «Исходящих письмах». Если автор просил "
                "перезвонить, запишите, что ему ответили.",
            },
        ),
        ("152-ФЗ", {"fields": ("personal_data_erased_at",)}),
    )
    actions = ["close_without_answer"]

    @admin.display(description="вопрос")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 80 else obj.text[:79] + "…"

    @admin.display(description="письмо с ответом")
    def answer_mail(self, obj):
        mail = outbox.mail_for(questions.answer_dedupe_key(obj.pk))
        return outbox.describe(mail) if mail else "—"

    def has_add_permission(self, request):
        return False  # questions come from the site

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # An answer sent cannot be taken back. A form opened before someone else's answer
        # still sends its own: the field stays so the lock refuses it and keeps the text.
        if obj is not None and obj.is_closed and "answer" not in request.POST:
            fields.append("answer")
        return fields

    def save_model(self, request, obj, form, change):
        if obj.is_closed and "answer" in form.changed_data:
            obj.answer = form.initial["answer"]  # the answer already sent stays
            self.message_user(
                request,
                "Ответ не изменён: на вопрос уже ответили, и этот ответ отправлен автору. "
                "Если нужно что-то добавить, свяжитесь с автором сами.",
                messages.WARNING,
            )
        if obj.is_closed or not obj.answer.strip():
            super().save_model(request, obj, form, change)
            return
        if questions.answer_question(obj, answer=obj.answer, user=request.user):
            self.message_user(
                request,
                f"Ответ поставлен в очередь на {obj.email}; отправку видно в «Исходящих письмах».",
                messages.SUCCESS,
            )

    @admin.action(description="Закрыть без ответа", permissions=["change"])
    def close_without_answer(self, request, queryset):
        for question in queryset.filter(status=Question.Status.NEW):
            questions.close_without_answer(question)


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """«Исходящие письма»: what the portal sent, what waits and why; «Отправить снова»."""

    list_display = [
        "created_at",
        "subject",
        "recipients",
        "status",
        "attempts",
        "next_attempt_at",
        "short_error",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "status",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "recipients",
        "reply_to_list",
        "subject",
        "body",
        "attachment_names",
        "kind",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    @admin.display(description="кому")
    def recipients(self, obj):
        return ", ".join(obj.to)

    @admin.display(description="ответить на")
    def reply_to_list(self, obj):
        return ", ".join(obj.reply_to) or "—"

    @admin.display(description="вложения")
    def attachment_names(self, obj):
        return ", ".join(name for name, _, _ in obj.attachments) or "—"

    @admin.display(description="последняя ошибка")
    def short_error(self, obj):
        error = obj.last_error
        return error if len(error) <= 80 else error[:79] + "…"

    def has_add_permission(self, request):
        return False  # mail is written by the portal

    def has_delete_permission(self, request, obj=None):
        return False  # the outbox is the record of what was sent

    @admin.action(description="Отправить снова", permissions=["change"])
    def send_again(self, request, queryset):
        count = outbox.resend(queryset)
        self.message_user(
            request,
            f"Писем поставлено в очередь: {count}. Они уйдут в течение минуты.",
            messages.SUCCESS,
        )


# --- Third-party admins whose actions declare no permission (issue 9: every action does) ---


def _declaring(function, *permissions):
    """`function` (an admin action) that the admin offers only to holders of `permissions`."""

    def action(modeladmin, request, queryset):
        return function(modeladmin, request, queryset)

    action.__name__ = function.__name__
    action.short_description = getattr(function, "short_description", function.__name__)
    action.allowed_permissions = permissions
    return action


def _redeclare_actions(model, admin_class, permissions):
    """Re-register `model` with a subclass of its admin whose actions declare `permissions`."""
    declared = {
        name: _declaring(getattr(admin_class, name), *permissions) for name in admin_class.actions
    }
    admin.site.unregister(model)
    admin.site.register(model, type(admin_class.__name__, (admin_class,), declared))


def _declare_third_party_actions():
    from axes.admin import AccessAttemptAdmin
    from axes.models import AccessAttempt

    _redeclare_actions(AccessAttempt, AccessAttemptAdmin, ("delete",))


_declare_third_party_actions()
schedules_admin.register()  # celery-beat's tasks in plain words (its own admins go)


def view_on_site(request, content_type_id, object_id):
    """«Смотреть на сайте» (/admin/r/<type>/<id>/): Django's redirect to the object's public
    page, only for objects this user may open in the admin. Django's own view redirected any
    staff member, so it told a representative the address of an unpublished practice."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        model = None
    try:
        model_admin = admin.site.get_model_admin(model) if model else None
    except NotRegistered:
        model_admin = None
    obj = model_admin.get_object(request, unquote(object_id)) if model_admin else None
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404("Объект не найден или недоступен вам.")
    return shortcut(request, content_type_id, object_id)


def stored_file(request, content_type_id, object_id, field_name):
    """A private upload of a row (/admin/file/<type>/<id>/<field>/) for those who may open the
    row in the admin: the link behind the admin's «Сейчас: …» of documents, regulations,
    practice materials, РМЦ forms and reports (their files have no public address)."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        model_admin = admin.site.get_model_admin(model) if model else None
    except (ContentType.DoesNotExist, NotRegistered):
        model_admin = None
    obj = model_admin.get_object(request, unquote(object_id)) if model_admin else None
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404("Файл не найден или недоступен вам.")
    field = next(
        (
            f
            for f in obj._meta.concrete_fields
            if f.attname == field_name and isinstance(f, models.FileField)
        ),
        None,
    )
    stored = getattr(obj, field.attname) if field else None
    if not stored or not stored.storage.exists(stored.name):
        raise Http404("Файл не найден или недоступен вам.")
    return upload_response(stored)
