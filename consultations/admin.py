"""The methodists' queue of consultations: age and status, the answer (e-mailed once through
the outbox), and the anonymised public wording for «Вопросы и ответы»."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from moc_portal.core import outbox
from moc_portal.core.admin_locking import OptimisticLockAdmin
from moc_portal.core.admin_scoping import OrganizationScopedAdmin
from moc_portal.core.text import plural
from programs.permissions import managed_organizations

from . import services
from .forms import ConsultationAdminForm
from .models import Consultation


class PublishedFilter(admin.SimpleListFilter):
    title = "в «Вопросах и ответах»"
    parameter_name = "published"

    def lookups(self, request, model_admin):
        return [("yes", "опубликованы"), ("no", "не опубликованы")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(published_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(published_at__isnull=True)
        return queryset


def age_text(consultation, now=None):
    """«сегодня», «3 дня»: how long the question has waited (or waited until the answer)."""
    end = consultation.answered_at or now or timezone.now()
    days = max((timezone.localdate(end) - timezone.localdate(consultation.created_at)).days, 0)
    return "сегодня" if days == 0 else plural(days, "день", "дня", "дней")


@admin.register(Consultation)
class ConsultationAdmin(OptimisticLockAdmin, OrganizationScopedAdmin, admin.ModelAdmin):
    organizations_of = staticmethod(managed_organizations)
    form = ConsultationAdminForm
    list_display = [
        "created_at",
        "organization",
        "topic",
        "short_question",
        "age_display",
        "status",
        "published_display",
    ]
    list_display_links = ["created_at", "short_question"]
    list_filter = ["status", "topic", PublishedFilter]
    search_fields = ["question", "answer", "public_question", "organization__short_name"]
    list_select_related = ["organization"]
    date_hierarchy = "created_at"
    ordering = ["status", "created_at", "id"]  # the oldest waiting question first
    actions = ["unpublish_selected"]
    readonly_fields = [
        "organization",
        "asker_display",
        "topic",
        "question",
        "attachments_display",
        "created_at",
        "status",
        "answered_by",
        "answered_at",
        "answer_mail",
        "published_at",
    ]
    fieldsets = [
        (
            "Вопрос",
            {
                "fields": [
                    ("organization", "asker_display"),
                    ("topic", "created_at"),
                    "question",
                    "attachments_display",
                ]
            },
        ),
        (
            "Ответ",
            {
                "fields": [
                    "status",
                    "answer",
                    ("answered_by", "answered_at"),
                    "answer_mail",
                ],
                "description": "Сохранённый ответ ставится в очередь на e-mail спросившего "
                "(один раз) и виден ему в разделе «Мои консультации».",
            },
        ),
        (
            "«Вопросы и ответы» на сайте",
            {"fields": ["public_question", "public_answer", "publish", "published_at"]},
        ),
    ]

    def has_add_permission(self, request):
        return False  # questions come from organizations (/consultations/ask/)

    @admin.display(description="вопрос")
    def short_question(self, obj):
        return str(obj)

    @admin.display(description="ждёт / ждал")
    def age_display(self, obj):
        return age_text(obj)

    @admin.display(description="опубликована", boolean=True)
    def published_display(self, obj):
        return obj.is_published

    @admin.display(description="кто спросил")
    def asker_display(self, obj):
        user = obj.asked_by
        if user is None:
            return "—"
        name = user.get_full_name() or user.get_username()
        return f"{name} ({user.email})" if user.email else name

    @admin.display(description="файлы")
    def attachments_display(self, obj):
        files = list(obj.attachments.all())
        if not files:
            return "—"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("consultations:file", args=[obj.pk, item.pk]), item.title) for item in files),
        )

    @admin.display(description="письмо с ответом")
    def answer_mail(self, obj):
        mail = outbox.mail_for(services.answer_dedupe_key(obj.pk))
        return outbox.describe(mail) if mail else "—"

    def save_model(self, request, obj, form, change):
        answer = (form.cleaned_data.get("answer") or "").strip()
        if answer and (not obj.is_answered or "answer" in form.changed_data):
            super().save_model(request, obj, form, change)
            mail = services.answer(obj, text=answer, user=request.user)
            obj.refresh_from_db()
            if mail is not None:
                self.message_user(
                    request,
                    format_html(
                        "Ответ поставлен в очередь на {}; отправку видно в «Исходящих письмах».",
                        ", ".join(mail.to),
                    ),
                    messages.SUCCESS,
                )
        else:
            super().save_model(request, obj, form, change)
        if form.cleaned_data.get("publish"):
            services.publish(
                obj,
                question=form.cleaned_data["public_question"],
                answer_text=form.cleaned_data["public_answer"],
            )
        elif obj.is_published:
            services.unpublish(obj)

    @admin.action(description="Снять с публикации", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        for consultation in queryset.filter(published_at__isnull=False):
            services.unpublish(consultation)
