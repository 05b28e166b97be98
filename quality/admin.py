"""The methodists' workplace for the quality assessment: campaigns and their questions,
results (each person sees the organizations they manage), comments, bursts and exclusions."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from moc_portal.core.admin_locking import OptimisticLockAdmin, OptimisticLockInline
from moc_portal.core.admin_scoping import OrganizationScopedAdmin
from moc_portal.core.records_admin import WrittenByThePortalAdmin
from moc_portal.core.spreadsheets import XLSX_CONTENT_TYPE
from moc_portal.core.text import plural
from moc_portal.core.uploads import attachment_response
from programs.models import Organization

from . import selectors, services
from .models import CRITERIA, Campaign, Exclusion, Option, Question, Response
from .permissions import can_exclude, can_publish, results_organizations


class QuestionInline(OptimisticLockInline, admin.TabularInline):
    model = Question
    fields = ("order", "criterion", "code", "text", "weight")
    extra = 0
    show_change_link = True
    verbose_name_plural = "вопросы (пустой опрос получит стартовый набор по пяти критериям)"


class OptionInline(OptimisticLockInline, admin.TabularInline):
    model = Option
    fields = ("order", "text", "satisfied", "counted")
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    list_display = ("title", "starts_on", "ends_on", "respondents", "results_published")
    list_filter = ("results_published",)
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("organizations",)
    inlines = (QuestionInline,)
    actions = ("publish_results", "unpublish_results")
    change_form_template = "admin/quality/campaign/change_form.html"
    fields = (
        "title",
        "slug",
        ("starts_on", "ends_on"),
        "organizations",
        "introduction",
        ("minimum_sample", "burst_threshold"),
        "results_published",
    )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("minimum_sample", settings.QUALITY_MINIMUM_SAMPLE)
        return initial

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .annotate(answers_total=Count("responses", filter=Q(responses__exclusion=None)))
        )
        organizations = results_organizations(request.user)
        if organizations is not None:
            queryset = queryset.filter(pk__in=selectors.campaigns_for(organizations).values("pk"))
        return queryset

    @admin.display(description="ответов", ordering="answers_total")
    def respondents(self, campaign):
        return campaign.answers_total

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not can_publish(request.user):
            readonly = (*readonly, "results_published")
        return readonly

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        added = services.add_starting_questions(form.instance)
        if added:
            messages.info(
                request,
                f"Добавлен стартовый набор: {plural(added, 'вопрос', 'вопроса', 'вопросов')} "
                "по пяти критериям. Их можно изменить.",
            )

    @admin.action(description="Опубликовать результаты", permissions=["publish"])
    def publish_results(self, request, queryset):
        changed = sum(services.set_results_published(c, True, user=request.user) for c in queryset)
        self.message_user(request, f"Опубликовано: {changed}.")

    @admin.action(description="Снять результаты с публикации", permissions=["publish"])
    def unpublish_results(self, request, queryset):
        changed = sum(services.set_results_published(c, False, user=request.user) for c in queryset)
        self.message_user(request, f"Снято с публикации: {changed}.")

    # --- Pages of their own ---

    def get_urls(self):
        own = [
            path(
                "<int:pk>/results/",
                self.admin_site.admin_view(self.results_view),
                name="quality_campaign_results",
            ),
            path(
                "<int:pk>/xlsx/",
                self.admin_site.admin_view(self.xlsx_view),
                name="quality_campaign_xlsx",
            ),
            path(
                "<int:pk>/bursts/",
                self.admin_site.admin_view(self.bursts_view),
                name="quality_campaign_bursts",
            ),
        ]
        return own + super().get_urls()

    def _campaign(self, request, pk):
        campaign = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_or_change_permission(request, campaign):
            raise PermissionDenied
        return campaign

    def _campaign_page(self, request, campaign, page, page_name, **context):
        """One of the campaign's own pages (admin/quality/campaign/page.html and its children)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{page_name}: {campaign.title}",
            "page_name": page_name,
            "campaign": campaign,
            **context,
        }
        return TemplateResponse(request, f"admin/quality/campaign/{page}.html", context)

    def results_view(self, request, pk):
        campaign = self._campaign(request, pk)
        organizations = results_organizations(request.user)
        return self._campaign_page(
            request,
            campaign,
            "results",
            "Результаты",
            results=selectors.campaign_results(campaign, organizations),
            criteria=CRITERIA,
            comments=selectors.comments(campaign, organizations),
            may_exclude=can_exclude(request.user),
        )

    def xlsx_view(self, request, pk):
        campaign = self._campaign(request, pk)
        return attachment_response(
            services.build_results_xlsx(campaign, results_organizations(request.user)),
            services.results_file_name(campaign),
            XLSX_CONTENT_TYPE,
        )

    def bursts_view(self, request, pk):
        campaign = self._campaign(request, pk)
        if not can_exclude(request.user):
            raise PermissionDenied
        if request.method == "POST":
            organization_id = request.POST.get("organization", "").strip()
            organization = (
                Organization.objects.filter(pk=organization_id).first()
                if organization_id.isdigit()
                else None
            )
            try:
                window_start = parse_datetime(request.POST.get("window_start", ""))
            except ValueError:  # well-formed but impossible, like 2026-13-45
                window_start = None
            if organization is None or window_start is None:
                messages.error(request, "Не удалось понять, какой интервал исключить.")
            else:
                if timezone.is_naive(window_start):
                    window_start = timezone.make_aware(window_start)
                try:
                    exclusion = services.exclude_burst(
                        campaign,
                        organization,
                        window_start,
                        user=request.user,
                        reason=request.POST.get("reason", "")[:300],
                    )
                except services.SurveyError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(
                        request,
                        f"Исключено {plural(exclusion.answers, 'ответ', 'ответа', 'ответов')}.",
                    )
            return redirect(reverse("admin:quality_campaign_bursts", args=[campaign.pk]))
        return self._campaign_page(
            request,
            campaign,
            "bursts",
            "Подозрительные всплески",
            bursts=selectors.suspicious_bursts(campaign),
            exclusions=selectors.exclusions(campaign),
        )


@admin.register(Question)
class QuestionAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    list_display = ("text", "campaign", "criterion", "code", "weight", "order")
    list_filter = ("criterion", "campaign")
    search_fields = ("text", "code")
    inlines = (OptionInline,)


class ScopedToOrganizations(OrganizationScopedAdmin):
    organizations_of = staticmethod(results_organizations)


@admin.register(Response)
class ResponseAdmin(WrittenByThePortalAdmin, ScopedToOrganizations, admin.ModelAdmin):
    """Answers and comments, read-only: a representative sees their organizations' only."""

    list_display = ("received_at", "campaign", "organization", "program", "comment", "counted")
    list_filter = ("campaign", ("exclusion", admin.EmptyFieldListFilter))
    list_select_related = ("campaign", "organization", "program")
    search_fields = ("comment",)
    fields = ("campaign", "organization", "program", "received_at", "comment", "answers_given")
    readonly_fields = fields

    @admin.display(description="учтён", boolean=True)
    def counted(self, response):
        return response.exclusion_id is None

    @admin.display(description="ответы")
    def answers_given(self, response):
        return "; ".join(
            f"{answer.question.text} — {answer.option.text}"
            for answer in response.answers.select_related("question", "option").order_by(
                "question__order", "question_id"
            )
        )


@admin.register(Exclusion)
class ExclusionAdmin(ScopedToOrganizations, admin.ModelAdmin):
    list_display = (
        "window_start",
        "campaign",
        "organization",
        "answers",
        "reason",
        "excluded_by",
        "excluded_at",
    )
    list_filter = ("campaign",)
    list_select_related = ("campaign", "organization", "excluded_by")
    readonly_fields = (
        "campaign",
        "organization",
        "window_start",
        "answers",
        "reason",
        "excluded_by",
        "excluded_at",
    )
    actions = ("restore",)

    def has_add_permission(self, request):
        return False  # exclusions are made on a campaign's «Подозрительные всплески» page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # restoring (the action) writes the log; a bare delete would not

    def has_restore_permission(self, request):
        return can_exclude(request.user)

    @admin.action(description="Снова учитывать эти ответы", permissions=["restore"])
    def restore(self, request, queryset):
        restored = sum(
            services.restore_exclusion(exclusion, user=request.user)
            for exclusion in queryset.select_related("campaign", "organization")
        )
        self.message_user(
            request, f"Снова учтено {plural(restored, 'ответ', 'ответа', 'ответов')}."
        )
