"""Organization rows: reading, checking and writing them."""

from django.utils import timezone

from moc_portal.core.addresses import slug_from_text

from ...models import (
    ImportHeaderAlias,
    Organization,
    Program,
    Settlement,
    organizations_renamed,
)
from .. import after_bulk_change, record_bulk_history
from ..bulk import update_in_bulk
from ..import_columns.columns import ORGANIZATION_COLUMNS, normalize_title
from ..import_columns.values import (
    parse_bool,
    parse_choice,
    parse_optional_latitude,
    parse_optional_longitude,
)
from .rows import (
    BATCH_SIZE,
    NEW,
    ORGANIZATION_FIELDS,
    SKIP,
    UPDATE,
    RowOutcome,
    _free_slug,
    _Import,
)


class _OrganizationImport(_Import):
    target = ImportHeaderAlias.Target.ORGANIZATION
    columns = ORGANIZATION_COLUMNS
    required = ("short_name",)

    def check_rows(self):
        parsers = dict.fromkeys(ORGANIZATION_FIELDS, str)
        parsers.update(
            kind=lambda text: _choice_or_blank(text, Organization.Kind.choices, "тип организации"),
            department=lambda text: _choice_or_blank(
                text, Organization.Department.choices, "вид ведомства"
            ),
            locality=lambda text: _choice_or_blank(
                text, Organization.Locality.choices, "тип местности"
            ),
            inn=_digits,
            ogrn=_digits,
            is_active=lambda text: parse_bool(text) if text else True,
            settlement=self.settlement,
            latitude=parse_optional_latitude,
            longitude=parse_optional_longitude,
        )
        self.settlements = {normalize_title(s.name): s for s in Settlement.objects.all()}
        existing = list(Organization.objects.select_related("settlement"))
        by_inn = {o.inn: o for o in existing if o.inn}
        by_name = {normalize_title(o.short_name): o for o in existing}
        seen = {}
        for number, values in self.table.rows:
            parsed, ok = self.parse(number, self.cells(values), parsers)
            if not parsed.get("short_name"):
                self.error(number, "short_name", "Укажите краткое наименование.")
                continue
            if ok:
                self.check_row(number, parsed, by_inn, by_name, seen)

    def settlement(self, text):
        """The settlement named in the cell: a known one, or a new one added on writing."""
        name = " ".join((text or "").split())
        if not name:
            return None
        key = normalize_title(name)
        if key not in self.settlements:
            self.settlements[key] = Settlement(name=name[:150])
        return self.settlements[key]

    def check_row(self, number, parsed, by_inn, by_name, seen):
        name_key = normalize_title(parsed["short_name"])
        for key in (("inn", parsed.get("inn")), ("name", name_key)):
            if key[1] and key in seen:
                self.error(number, None, f"Строка повторяет строку {seen[key]}.")
                return
            if key[1]:
                seen[key] = number
        organization = by_inn.get(parsed.get("inn")) or by_name.get(name_key)
        if organization is None:
            if self.allowed_ids is not None:
                self.error(number, "short_name", "Добавлять организации могут только методисты.")
                return
            organization = Organization()
            action = NEW
        else:
            if self.allowed_ids is not None and organization.pk not in self.allowed_ids:
                self.error(number, "short_name", "Вы можете изменять только свою организацию.")
                return
            action = UPDATE
        before = {name: getattr(organization, name) for name in ORGANIZATION_FIELDS}
        for key, value in parsed.items():
            if value is not None:
                setattr(organization, key, value)
        if action == NEW and not organization.full_name:
            organization.full_name = organization.short_name
        exclude = ["slug", "logo", "representatives", "settlement"]
        if not self.validate(number, organization, exclude=exclude):
            return
        changed = [n for n in ORGANIZATION_FIELDS if getattr(organization, n) != before[n]]
        if action == UPDATE and not changed:
            action = SKIP
        organization.changed_fields = changed
        headers = sorted(self.header(name) for name in changed)
        self.result.outcomes.append(RowOutcome(number, action, organization, headers))

    def write(self):
        outcomes = [o for o in self.result.outcomes if o.action != SKIP]
        new = [o.instance for o in outcomes if o.action == NEW]
        updated = [o.instance for o in outcomes if o.action == UPDATE]
        added = {
            id(o.settlement): o.settlement
            for o in new + updated
            if o.settlement and o.settlement.pk is None
        }.values()
        taken_slugs = set(Settlement.objects.values_list("slug", flat=True))
        for settlement in added:
            settlement.slug = _free_settlement_slug(settlement.name, taken_slugs)
            settlement.save()
        for organization in new + updated:
            organization.settlement = organization.settlement  # its id, now that it is saved
        taken = set(Organization.objects.values_list("slug", flat=True))
        for organization in new:
            organization.slug = _free_slug(organization.short_name, taken, Organization)
        Organization.objects.bulk_create(new, batch_size=BATCH_SIZE)
        now = timezone.now()
        for organization in updated:
            organization.updated_at = now
        fields = sorted({name for o in updated for name in o.changed_fields})
        if updated:
            update_in_bulk(Organization, updated, [*fields, "updated_at"])
        record_bulk_history(Organization, new, updated, user=self.user, reason="Импорт")
        # Programs carry their organization's names in their search text.
        renamed = [o.pk for o in updated if {"short_name", "full_name"} & set(o.changed_fields)]
        if renamed:
            organizations_renamed.send(sender=Organization, pks=renamed)
            after_bulk_change(
                list(
                    Program.objects.filter(organization_id__in=renamed).values_list("pk", flat=True)
                )
            )


def _free_settlement_slug(name, taken):
    base = slug_from_text(name, max_length=140) or "np"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _choice_or_blank(text, choices, what):
    return parse_choice(text, choices, what) if text else None


def _digits(text):
    digits = "".join(ch for ch in text if not ch.isspace())
    if digits and not digits.isdigit():
        raise ValueError(f"«{text}» — здесь должны быть только цифры.")
    return digits
