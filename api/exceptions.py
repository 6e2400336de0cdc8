"""JSON errors for the API: DRF's own errors, plus Django's 404 and 500 under /api/."""

from rest_framework.views import exception_handler as drf_exception_handler


def _messages(value) -> list[str]:
    """Every message under a field's errors, flattened (list fields nest them by position)."""
    if isinstance(value, dict):
        return [message for item in value.values() for message in _messages(item)]
    if isinstance(value, list):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" not in response.data:
        # Validation errors: each bad field with a flat list of messages, under one predictable key.
        errors = {field: _messages(value) for field, value in response.data.items()}
        response.data = {"detail": "The request has invalid values.", "errors": errors}
    elif response is not None and isinstance(response.data, list):
        response.data = {"detail": "The request has invalid values.", "errors": {"non_field_errors": response.data}}
    return response
