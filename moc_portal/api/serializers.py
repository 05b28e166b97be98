"""What each resource exports: public fields only (no contacts of practices' authors, no
moderation data), every object with its `uuid`, `updated_at` and `deleted`."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from best_practices.models import Practice, PracticeMaterial
from events.models import Document, Event, NewsItem
from programs.models import Organization, Program, ScheduleSlot


def absolute(url):
    if not url:
        return None
    return url if "://" in url else f"{settings.SITE_URL}{url}"


@extend_schema_field({"type": "boolean", "enum": [False]})
class NotDeletedField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return False


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The object's public page on the portal (its detail page or download)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return absolute(value.get_absolute_url())


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class FileUrlField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute(value.url) if value else None

    def get_attribute(self, instance):
        return super().get_attribute(instance) or None


@extend_schema_field(
    {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "16:30"}
)
class ClockTimeField(serializers.TimeField):
    """A time of day as «16:30» (OpenAPI's `time` format wants an offset these times lack)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", read_only=True, **kwargs)


# What every exported object has, first; a resource's `Meta.fields = exported(...)` names the
# rest, in the order they are written. (No docstring: the schema would show it on every resource.)
class Exported(serializers.ModelSerializer):
    uuid = serializers.UUIDField(read_only=True)
    updated_at = serializers.DateTimeField(source="changed_at", read_only=True)
    deleted = NotDeletedField()
    url = PageUrlField()


def exported(*names):
    return ["uuid", "updated_at", "deleted", "url", *names]


@extend_schema_field({"type": "boolean", "enum": [True]})
class DeletedField(serializers.BooleanField):
    pass


class DeletedSerializer(serializers.Serializer):
    """A deletion marker: the object left the public set or was deleted; drop your copy."""

    uuid = serializers.UUIDField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    deleted = DeletedField(read_only=True)


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class OrganizationRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    short_name = serializers.CharField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    inn = serializers.CharField(read_only=True)


class OrganizationSerializer(Exported):
    logo = FileUrlField()

    class Meta:
        model = Organization
        fields = exported(
            "slug",
            "full_name",
            "short_name",
            "kind",
            "department",
            "inn",
            "ogrn",
            "address",
            "settlement",
            "locality",
            "phone",
            "email",
            "website",
            "head_name",
            "description",
            "logo",
        )


class ScheduleSlotSerializer(serializers.ModelSerializer):
    weekday_name = serializers.CharField(source="get_weekday_display", read_only=True)
    starts_at = ClockTimeField()
    ends_at = ClockTimeField()

    class Meta:
        model = ScheduleSlot
        fields = ["weekday", "weekday_name", "starts_at", "ends_at", "group_name"]


class PlaceSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    address = serializers.CharField(read_only=True)


class ProgramSerializer(Exported):
    places = PlaceSerializer(many=True, read_only=True)
    organization = OrganizationRefSerializer(read_only=True)
    direction = CodeNameSerializer(read_only=True)
    levels = CodeNameSerializer(many=True, read_only=True)
    disability_types = CodeNameSerializer(many=True, read_only=True)
    schedule = ScheduleSlotSerializer(source="schedule_slots", many=True, read_only=True)
    photo = FileUrlField()

    class Meta:
        model = Program
        fields = exported(
            "slug",
            "title",
            "organization",
            "direction",
            "levels",
            "age_min",
            "age_max",
            "duration_months",
            "hours_per_year",
            "study_form",
            "uses_distance_technologies",
            "is_network",
            "is_ovz_adapted",
            "disability_types",
            "is_free",
            "accepts_certificate",
            "is_paid",
            "price_per_month",
            "annotation",
            "goals",
            "expected_results",
            "teachers",
            "places",
            "navigator_url",
            "enrollment_open",
            "enrollment_from",
            "enrollment_to",
            "places_total",
            "places_available",
            "certificate_cost",
            "normative_cost",
            "cost_months",
            "cost_hours",
            "navigator_id",
            "photo",
            "photo_alt",
            "schedule",
        )


class EventSerializer(Exported):
    direction = CodeNameSerializer(read_only=True, allow_null=True)
    organizer = OrganizationRefSerializer(read_only=True, allow_null=True)
    calendar_url = serializers.SerializerMethodField()
    starts_time = ClockTimeField(allow_null=True)
    ends_time = ClockTimeField(allow_null=True)

    class Meta:
        model = Event
        fields = exported(
            "slug",
            "title",
            "kind",
            "audience",
            "level",
            "age_min",
            "age_max",
            "direction",
            "starts_on",
            "starts_time",
            "ends_on",
            "ends_time",
            "venue",
            "online_url",
            "organizer",
            "summary",
            "description",
            "registration_url",
            "results",
            "calendar_url",
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_calendar_url(self, event):
        return absolute(f"{event.get_absolute_url()}event.ics")


class NewsSerializer(Exported):
    image = FileUrlField()

    class Meta:
        model = NewsItem
        fields = exported(
            "slug",
            "title",
            "lead",
            "body",
            "image",
            "image_alt",
            "published_at",
        )


class DocumentSerializer(Exported):
    file_kind = serializers.CharField(source="kind_label", read_only=True)

    class Meta:
        model = Document
        fields = exported(
            "title",
            "category",
            "number",
            "signed_on",
            "published_at",
            "file_kind",
            "file_size",
        )


class MaterialSerializer(serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = PracticeMaterial
        fields = ["title", "url", "size"]


class PracticeSerializer(Exported):
    direction = CodeNameSerializer(read_only=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    organization_name = serializers.CharField(source="organization_display", read_only=True)
    authors = serializers.ListField(
        source="author_list", child=serializers.CharField(), read_only=True
    )
    materials = MaterialSerializer(many=True, read_only=True)

    class Meta:
        model = Practice
        fields = exported(
            "slug",
            "title",
            "direction",
            "category",
            "authors",
            "organization",
            "organization_name",
            "age_min",
            "age_max",
            "annotation",
            "problem",
            "description",
            "results",
            "resources",
            "year",
            "published_at",
            "materials",
        )
