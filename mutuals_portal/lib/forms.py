"""Form helpers shared by every app."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Layout
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: each field's messages on that field (or on the
    form as a whole when the form has no such field), a message without a field on the form, so
    the page's error summary lists them all."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class EscapedBoundField(BoundField):
    """Every form's label and hint, escaped unless built as markup on purpose (format_html,
    mark_safe). crispy-forms-gds prints them with |safe, so without this a name typed by a user
    (a group's name in a hint) would become markup on someone else's page (pen test #16)."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.label = conditional_escape(self.label)
        self.help_text = conditional_escape(self.help_text) if self.help_text else self.help_text


class PortalFormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: Django's renderer, with the escaping bound field for every form."""

    bound_field_class = EscapedBoundField


class Reveal(ConditionalQuestion):
    """A radio in a `ConditionalRadios` (GOV.UK conditional reveal) that reveals its questions when chosen.
    Unlike crispy-forms-gds's own, a radio with no questions is a plain radio: it controls no block (an
    `aria-controls` naming no element is invalid ARIA), so only the radios that reveal something need one.
    Without JavaScript every revealed block shows; the form's clean() keeps only the chosen radio's answers."""

    template = "%s/layout/reveal_choice.html"


def revealing(field: str, choices, revealed: dict) -> ConditionalRadios:
    """The radios of `field` with a `Reveal` per choice, in order: the choice's label, with the layout objects
    `revealed` gives for its value (none for the others)."""
    return ConditionalRadios(field, *(Reveal(label, *revealed.get(value, ())) for value, label in choices))


def reveal_helper(*layout) -> FormHelper:
    """A crispy helper laying a form out with reveals, inside the page's own <form> and CSRF token."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper
