"""The methodists' workplace: organizations, programs and the closed vocabularies."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm

from moc_portal.core.history_admin import ScopedHistoryAdmin

from .models import (
    Direction,
    DisabilityType,
    ImportHeaderAlias,
    Level,
    Organization,
    Program,
    ScheduleSlot,
)
from .moderation import can_publish, status_after_save
from .permissions import managed_organizations
from .resources import (
    CSVExport,
    OrganizationResource,
    ProgramResource,
    SpreadsheetFormat,
    XLSXExport,
)
from .search_vocabulary import kept_in_step
from .services import set_program_status
from .services.import_columns import COLUMNS
from .services.import_files import MAX_UPLOAD_BYTES, ImportFileError
from .slugs import unique_slug
from .text import normalize_search_text
from .vocabulary import PAYMENT_FIELDS, PAYMENT_LABELS

SLUG_HELP_TEXT = (
    "Латиницей. Если оставить пустым, адрес составится из названия. "
    "У опубликованной страницы лучше не менять: старые ссылки перестанут открываться."
)


class AutoSlugForm(forms.ModelForm):
    """Makes the slug optional and builds a unique one from `slug_source` when it is empty.

    The admin pre-fills the slug in the browser as well; this covers a cleared field
    and forms sent without JavaScript.
    """

    slug_source = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = SLUG_HELP_TEXT

    def clean(self):
        cleaned_data = super().clean()
        source = cleaned_data.get(self.slug_source)
        slug_missing = "slug" in self.fields and "slug" not in self.errors
        if slug_missing and not cleaned_data.get("slug") and source:
            model = self._meta.model
            cleaned_data["slug"] = unique_slug(
                model.objects.exclude(pk=self.instance.pk),
                source,
                max_length=model._meta.get_field("slug").max_length,
            )
        return cleaned_data


# No Meta: ModelAdmin.get_form() supplies the model and the fields of the fieldsets.
class OrganizationAdminForm(AutoSlugForm):
    slug_source = "short_name"


class ProgramAdminForm(AutoSlugForm):
    slug_source = "title"


def public_link(url):
    """A link to a public page, or a dash when the page is not shown to visitors."""
    if not url:
        return "—"
    return format_html('<a href="{}" target="_blank" rel="noopener">открыть</a>', url)


class UploadForm(ImportForm):
    """The import form with the upload's limits checked before the file is read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_file"].help_text = (
            "Таблица Excel (XLSX) или CSV в кодировке UTF-8 или Windows-1251, "
            f"до {MAX_UPLOAD_BYTES // 1024 // 1024} МБ. Первая строка — названия колонок. "
            "Сначала будет показано, что изменится; сохраняется только после подтверждения."
        )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"Файл больше {MAX_UPLOAD_BYTES // 1024 // 1024} МБ: разделите его на части."
            )
        return upload


class SpreadsheetImportExport(ImportExportMixin):
    """Import with a preview and export in the same columns, through programs.services.imports.

    Importing needs the rights to add and to change; a representative's rows are limited to
    their organizations by the service. Exporting exports what the changelist shows.
    """

    import_formats = [SpreadsheetFormat]
    export_formats = [XLSXExport, CSVExport]
    import_form_class = UploadForm
    export_form_class = ExportForm
    import_template_name = "admin/programs/import.html"

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_or_change_permission(request)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", "Файл не читается: загрузите XLSX или CSV.")

    def process_result(self, result, request):
        # The file is read again on confirmation: if it no longer imports cleanly
        # (someone changed the catalogue meanwhile), nothing was saved; say why.
        if not result.outcome.ok:
            for error in result.outcome.errors[:10]:
                where = f"Строка {error.row}: " if error.row else ""
                messages.error(request, f"{where}{error.message}")
            messages.error(request, "Ничего не сохранено. Загрузите файл ещё раз.")
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_import")
        return super().process_result(result, request)

    def generate_log_entries(self, result, request):
        """The admin history of every added and changed object, in Russian, in two queries."""
        for action, flag, message in (
            ("new", ADDITION, "Добавлено загрузкой из файла."),
            ("update", CHANGE, "Изменено загрузкой из файла."),
        ):
            instances = [row.instance for row in result if row.import_type == action]
            if instances:
                LogEntry.objects.log_actions(
                    request.user.pk, instances, flag, change_message=message
                )

    def add_success_message(self, result, request):
        messages.success(request, f"Импорт завершён. {result.outcome.summary()}")

    def get_export_filename(self, request, queryset, file_format):
        name = self.model._meta.model_name
        return f"{name}s-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"


@admin.register(Organization)
class OrganizationAdmin(SpreadsheetImportExport, ScopedHistoryAdmin):
    resource_classes = [OrganizationResource]
    form = OrganizationAdminForm
    list_display = (
        "short_name",
        "kind",
        "settlement",
        "locality",
        "published_programs",
        "is_active",
        "public_page",
    )
    list_filter = ("kind", "department", "locality", "is_active")
    search_fields = ("short_name", "full_name", "inn", "settlement")
    search_help_text = "Краткое или полное наименование, ИНН, населённый пункт."
    # Explicit: Meta.ordering is not applied to the annotated (GROUP BY) queryset,
    # and the autocomplete paginates it.
    ordering = ("short_name",)
    prepopulated_fields = {"slug": ("short_name",)}
    filter_horizontal = ("representatives",)
    readonly_fields = ("updated_at",)
    # Addresses typed without a scheme are https ones (and Django 6 will assume so anyway).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    save_on_top = True
    fieldsets = (
        (
            "Основное",
            {
                "fields": (
                    "short_name",
                    "full_name",
                    "slug",
                    ("kind", "department"),
                    "head_name",
                    "description",
                    "logo",
                    "is_active",
                )
            },
        ),
        (
            "Контакты",
            {"fields": ("address", ("settlement", "locality"), "phone", "email", "website")},
        ),
        ("Реквизиты", {"fields": (("inn", "ogrn"),)}),
        (
            "Представители",
            {
                "fields": ("representatives",),
                "description": (
                    "Представитель видит в разделе «Программы» только программы своих "
                    "организаций. Методисты и координаторы видят все."
                ),
            },
        ),
        ("Служебное", {"fields": ("updated_at",), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .annotate(
                published_program_count=Count(
                    "programs", filter=Q(programs__status=Program.Status.PUBLISHED)
                )
            )
        )
        # Also limits the organization autocomplete of the program form.
        organizations = managed_organizations(request.user)
        if organizations is not None:
            queryset = queryset.filter(pk__in=organizations.values("pk"))
        return queryset

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if managed_organizations(request.user) is not None:
            # Representatives neither pick colleagues nor see the list of all users.
            readonly = (*readonly, "representatives")
        return readonly

    @admin.display(description="опубликовано программ", ordering="published_program_count")
    def published_programs(self, obj):
        url = reverse("admin:programs_program_changelist")
        return format_html(
            '<a href="{}?organization__id__exact={}&amp;status__exact={}">{}</a>',
            url,
            obj.pk,
            Program.Status.PUBLISHED,
            obj.published_program_count,
        )

    @admin.display(description="на сайте")
    def public_page(self, obj):
        return public_link(self.view_on_site(obj))

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_active else None


class PaymentFilter(admin.SimpleListFilter):
    title = "оплата"
    parameter_name = "payment"

    def lookups(self, request, model_admin):
        return [(code, PAYMENT_LABELS[code]) for code in PAYMENT_FIELDS]

    def queryset(self, request, queryset):
        field = PAYMENT_FIELDS.get(self.value())
        return queryset.filter(**{field: True}) if field else queryset


class ScheduleSlotInline(admin.TabularInline):
    model = ScheduleSlot
    extra = 1
    fields = ("weekday", "starts_at", "ends_at", "group_name")


@admin.register(Program)
class ProgramAdmin(SpreadsheetImportExport, ScopedHistoryAdmin):
    resource_classes = [ProgramResource]
    form = ProgramAdminForm
    list_display = (
        "title",
        "organization",
        "direction",
        "level_names",
        "ages",
        "payment",
        "status",
        "updated_at",
        "public_page",
    )
    list_select_related = ("organization", "direction")
    list_filter = (
        "direction",
        "levels",
        "status",
        ("organization", admin.RelatedOnlyFieldListFilter),
        PaymentFilter,
        "is_ovz_adapted",
        "is_network",
        "study_form",
    )
    # search_text holds the title, annotation and organization names in lower case with ё→е:
    # it finds Cyrillic regardless of case on SQLite too, whose LIKE folds ASCII only.
    search_fields = ("title", "organization__short_name", "navigator_id", "search_text")
    search_help_text = "Название, организация, слова из аннотации или id в Навигаторе."
    autocomplete_fields = ("organization",)
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("created_at", "updated_at")
    inlines = (ScheduleSlotInline,)
    actions = ("publish", "return_for_rework", "archive")
    save_on_top = True
    fieldsets = (
        (
            "Основное",
            {"fields": ("title", "slug", "organization", "direction", "levels", "status")},
        ),
        (
            "Кому и как",
            {
                "fields": (
                    ("age_min", "age_max"),
                    "study_form",
                    "uses_distance_technologies",
                    "is_network",
                    ("duration_months", "hours_per_year"),
                )
            },
        ),
        ("ОВЗ", {"fields": ("is_ovz_adapted", "disability_types")}),
        (
            "Оплата",
            {"fields": ("is_free", "accepts_certificate", "is_paid", "price_per_month")},
        ),
        (
            "Описание",
            {
                "fields": (
                    "annotation",
                    "goals",
                    "expected_results",
                    "teachers",
                    "venue",
                    "photo",
                    "photo_alt",
                )
            },
        ),
        ("Запись", {"fields": ("enrollment_open", "places_available", "navigator_id")}),
        ("Служебное", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("levels")
        organizations = managed_organizations(request.user)
        if organizations is not None:
            queryset = queryset.filter(organization__in=organizations)
        return queryset

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize_search_text(search_term))

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # A representative's edit goes to moderation (programs.moderation); the status is
        # the methodist's to set.
        return readonly if can_publish(request.user) else (*readonly, "status")

    def save_model(self, request, obj, form, change):
        obj.status = status_after_save(
            request.user, obj, is_new=not change, changed=form.has_changed()
        )
        super().save_model(request, obj, form, change)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization":
            organizations = managed_organizations(request.user)
            if organizations is not None:
                kwargs["queryset"] = organizations
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("levels", "disability_types"):
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        organizations = managed_organizations(request.user)
        if organizations is not None:
            own = list(organizations.values_list("pk", flat=True)[:2])
            if len(own) == 1:
                initial.setdefault("organization", own[0])
        return initial

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    @admin.display(description="уровни")
    def level_names(self, obj):
        return ", ".join(level.name for level in obj.levels.all()) or "—"

    @admin.display(description="возраст, лет", ordering="age_min")
    def ages(self, obj):
        return f"{obj.age_min}–{obj.age_max}"

    @admin.display(description="оплата")
    def payment(self, obj):
        labels = []
        for code, label in zip(obj.payment_codes, obj.payment_labels, strict=True):
            if code == "paid" and obj.price_per_month:
                label = f"{label}, {floatformat(obj.price_per_month, '-2g')} ₽/мес."
            labels.append(label)
        return "; ".join(labels)

    @admin.display(description="на сайте")
    def public_page(self, obj):
        return public_link(self.view_on_site(obj))

    @admin.action(description="Опубликовать", permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Program.Status.PUBLISHED, "Опубликовано программ")

    @admin.action(description="Вернуть на доработку", permissions=["publish"])
    def return_for_rework(self, request, queryset):
        self._set_status(
            request, queryset, Program.Status.REWORK, "Возвращено на доработку программ"
        )

    @admin.action(description="В архив", permissions=["change"])
    def archive(self, request, queryset):
        self._set_status(request, queryset, Program.Status.ARCHIVED, "Перенесено в архив программ")

    def delete_queryset(self, request, queryset):
        with kept_in_step(
            Program.objects.filter(pk__in=list(queryset.values_list("pk", flat=True)))
        ):
            super().delete_queryset(request, queryset)

    def _set_status(self, request, queryset, status, done_message):
        changed = set_program_status(queryset, status, request.user)
        if changed:
            self.message_user(request, f"{done_message}: {changed}.", messages.SUCCESS)
        else:
            self.message_user(
                request,
                f"Статус выбранных программ уже «{Program.Status(status).label}».",
                messages.INFO,
            )


class VocabularyAdmin(admin.ModelAdmin):
    """Closed lists: names and order are editable, codes are fixed once created."""

    list_display = ("code", "name", "order")
    list_display_links = ("code",)
    list_editable = ("name", "order")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "code") if obj else readonly

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "code":
            formfield.help_text = (
                "Латиницей. На код ссылаются адреса страниц и выгрузки, "
                "поэтому после создания он не меняется."
            )
        return formfield

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Direction)
class DirectionAdmin(VocabularyAdmin):
    pass


@admin.register(Level)
class LevelAdmin(VocabularyAdmin):
    pass


@admin.register(DisabilityType)
class DisabilityTypeAdmin(VocabularyAdmin):
    pass


def _column_choices():
    return [
        (
            ImportHeaderAlias.Target(target).label,
            [
                (column.key, f"{column.header} ({column.key})")
                for column in columns
                if not column.ignored
            ],
        )
        for target, columns in COLUMNS.items()
    ]


class ImportHeaderAliasForm(forms.ModelForm):
    column = forms.ChoiceField(label="колонка импорта", choices=_column_choices)

    class Meta:
        model = ImportHeaderAlias
        fields = ("target", "header", "column")


@admin.register(ImportHeaderAlias)
class ImportHeaderAliasAdmin(admin.ModelAdmin):
    """Headers of the organizations' own files, taught to the import by methodists."""

    form = ImportHeaderAliasForm
    list_display = ("header", "column_name", "target")
    list_filter = ("target",)
    search_fields = ("header", "column")

    @admin.display(description="колонка импорта", ordering="column")
    def column_name(self, obj):
        for column in COLUMNS.get(obj.target, []):
            if column.key == obj.column:
                return f"{column.header} ({column.key})"
        return obj.column
