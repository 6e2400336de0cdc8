"""Admin inputs that answer a hand-crafted value with a form error, never a server error.

- When a form comes back with errors, Django's AutocompleteSelect looks the submitted value up
  as an id to show it again; a value that is not one ("abc") raised ValueError there.
- A multiple choice of ids (a user's groups and permissions) runs an `id IN (...)` query; on
  SQLite an id past the 64-bit range raised OverflowError from the database driver.
"""

from django import forms
from django.contrib.admin import widgets
from django.contrib.admin.options import BaseModelAdmin
from django.core.exceptions import ValidationError

SQL_INTEGER_RANGE = range(-(2**63), 2**63)


class AutocompleteSelect(widgets.AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [item for item in value if self._is_id(item)], attr)

    def _is_id(self, value) -> bool:
        try:
            self.choices.field.to_python(value)  # a lookup that turns any bad value into ValidationError
        except ValidationError:
            return False
        return True


class SafeAutocompleteMixin(BaseModelAdmin):
    """For a ModelAdmin or inline with autocomplete_fields: use the widget above for foreign keys."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ModelMultipleIdsField(forms.ModelMultipleChoiceField):
    """Refuses an id out of the database's integer range before the query is made."""

    def _check_values(self, value):
        for item in value:
            try:
                number = int(item)
            except (TypeError, ValueError):
                continue  # Django's own check reports it
            if number not in SQL_INTEGER_RANGE:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)  # type: ignore[misc]  # Django's private check, not in the stubs
