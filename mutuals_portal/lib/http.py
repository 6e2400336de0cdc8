"""Small HTTP helpers: the API answers errors in JSON, every other page in HTML."""

from django.http import JsonResponse


def is_api_request(request) -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)
