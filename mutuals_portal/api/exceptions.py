"""JSON errors for the API: DRF's own errors, plus Django's 404 and 500 under /api/."""

from django.http import JsonResponse
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" not in response.data:
        # Validation errors: keep field errors, under one predictable key.
        response.data = {"detail": "The request has invalid values.", "errors": response.data}
    return response


def is_api_request(request) -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)
