"""The open API's settings (issue 22): anonymous, read-only, throttled per client. Read from the
environment like the rest and imported by name by moc_portal/settings.py; it imports nothing of
the project, so the settings can load it before Django is set up."""

import os

API_REQUESTS_PER_MINUTE = int(os.environ.get("API_REQUESTS_PER_MINUTE", "120"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "URL_FORMAT_OVERRIDE": None,  # `format` is the catalogue's study-form filter
    "DEFAULT_THROTTLE_CLASSES": ["moc_portal.api.throttling.ClientRateThrottle"],
    "EXCEPTION_HANDLER": "moc_portal.api.errors.handle",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Открытый API портала МОЦ",
    "DESCRIPTION": "Программы, организации, мероприятия, новости, документы и лучшие практики "
    "муниципального опорного центра: только чтение, постранично по курсору, изменения с "
    "момента (updated_after) вместе с отметками об удалении.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": True,
    # `deleted` is false on an object and true on a deletion marker: two one-value enums.
    "ENUM_NAME_OVERRIDES": {"NotDeletedEnum": [(False, False)], "DeletedEnum": [(True, True)]},
}
