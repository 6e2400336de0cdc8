"""Form helpers shared by every app."""

from django.core.exceptions import ValidationError


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: each field's messages on that field (or on the
    form as a whole when the form has no such field), a message without a field on the form, so
    the page's error summary lists them all."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
