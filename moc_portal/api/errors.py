"""Every refusal of the API is JSON in Russian: {"detail": "…"} and, for bad parameters,
{"errors": {"parameter": ["…"]}}. Anything unexpected is a logged 500 in the same shape."""

import logging

from django.http import JsonResponse
from rest_framework import exceptions
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)


def _message(exc):
    if isinstance(exc, exceptions.ValidationError):
        return "Неверные параметры запроса."
    if isinstance(exc, exceptions.NotFound):
        return "Не найдено."
    if isinstance(exc, exceptions.MethodNotAllowed):
        return "API только для чтения: доступны запросы GET, HEAD и OPTIONS."
    if isinstance(exc, exceptions.NotAcceptable):
        return "API отвечает только в формате JSON (application/json)."
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 0)
        return f"Слишком много запросов. Повторите через {wait} с."
    return "Запрос не может быть выполнен."


def handle(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = {"detail": _message(exc)}
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        data["errors"] = {name: [str(item) for item in items] for name, items in exc.detail.items()}
    response.data = data
    return response


def not_found(request, *args, **kwargs):
    """Any other address under /api/: JSON, not the site's HTML page."""
    return JsonResponse({"detail": "Не найдено."}, status=404)
