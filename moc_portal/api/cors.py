"""CORS for the API only: any site may read it from a browser (GET, HEAD), nothing else."""

from django.http import JsonResponse

READ_METHODS = ("GET", "HEAD")
PREFIX = "/api/"


class ApiCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        asked = request.META.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD")
        if request.method == "OPTIONS" and asked:
            return self.preflight(asked.upper())
        response = self.get_response(request)
        if request.method in READ_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        return response

    def preflight(self, asked):
        if asked not in READ_METHODS:
            return JsonResponse(
                {"detail": "API только для чтения: доступны запросы GET, HEAD и OPTIONS."},
                status=405,
                headers={"Allow": "GET, HEAD, OPTIONS"},
            )
        response = JsonResponse({}, status=200)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response["Access-Control-Max-Age"] = "86400"
        return response
