"""The closed lists (направленности, levels, kinds of disability) and the import's headers."""

from django import forms
from django.contrib import admin

from moc_portal.core.admin_locking import OptimisticLockAdmin

from ..models import (
    Direction,
    DisabilityType,
    ImportHeaderAlias,
    Level,
    RelatedWords,
)
from ..services.import_columns.columns import COLUMNS, columns_for


class ClosedListAdmin(OptimisticLockAdmin, admin.ModelAdmin):
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
class DirectionAdmin(ClosedListAdmin):
    pass


@admin.register(Level)
class LevelAdmin(ClosedListAdmin):
    pass


@admin.register(DisabilityType)
class DisabilityTypeAdmin(ClosedListAdmin):
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

    def clean(self):
        cleaned = super().clean()
        target, column = cleaned.get("target"), cleaned.get("column")
        known = {known.key for known in columns_for(target)} if target else set()
        if target and column and column not in known:
            self.add_error(
                "column",
                "Нет такой колонки. Возможные: " + ", ".join(sorted(known)) + ".",
            )
        return cleaned


@admin.register(ImportHeaderAlias)
class ImportHeaderAliasAdmin(OptimisticLockAdmin, admin.ModelAdmin):
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


@admin.register(RelatedWords)
class RelatedWordsAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    """What parents mean by a word: the catalogue's search also finds the related words."""

    list_display = ("word", "related")
    search_fields = ("word", "related")
