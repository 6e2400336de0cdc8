"""Drive a form through its real view like a browser does, and check what comes back."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.apps import apps
from django.core import mail
from django.db import connection
from django.forms.forms import BaseForm
from django.forms.widgets import ChoiceWidget
from hypothesis import strategies as st

from accounts.models import SecurityEvent

from .strategies import (
    RAW_MARKERS,
    hostile_choice,
    hostile_date,
    hostile_date_part,
    hostile_email,
    hostile_number,
    hostile_value,
)

PROJECT_APPS = {"accounts", "notifications", "journeys", "referrals", "packs", "challenges", "casestudies"}
# Written on purpose when input is refused (failed sign-ins, wrong codes): not "half-saved" data.
AUDIT_MODELS = {SecurityEvent}


@dataclass
class FormCase:
    """One form, submitted by one role through its real view."""

    form: type[BaseForm]
    role: str
    url: Callable  # world -> where the form is submitted
    page: Callable | None = None  # world -> where the form is shown, when that is not `url`
    valid: Callable = lambda world: {}  # world -> answers on top of what the page shows
    shows: Callable = lambda world: []  # world -> [(role, url)]: pages that show what was saved
    models: tuple = ()  # models whose rows are compared whole (all models' row counts always are)
    setup: Callable | None = None  # world -> None: put the world in the state where the form is used
    method: str = "post"
    files: dict = field(default_factory=dict)  # field name -> hypothesis strategy for files
    echo: bool = True  # a script typed into a text field shows (escaped) on one of the `shows` pages
    keep: tuple = ()  # text fields whose valid answer must stay as it is (a typed confirmation)
    also_get: Callable = lambda world: []  # world -> [url]: for filters, other views reading the same query
    error_marker: str = "govuk-error-summary"  # how the page says there is a problem (the admin has its own)
    visit_first: bool = False  # the page is opened before each submission (it puts a token in the session)
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.form.__name__}{'[' + self.label + ']' if self.label else ''}"

    def page_url(self, world) -> str:
        return (self.page or self.url)(world)


def find_form(response, form_class):
    """The instance of `form_class` the page was rendered with."""
    for context in response.context or []:
        for value in context.flatten().values():
            candidate = getattr(value, "form", value)  # the admin wraps its form
            if isinstance(candidate, form_class):
                return candidate
    raise AssertionError(f"{form_class.__name__} is not on {response.request['PATH_INFO']}")


def _formatted(widget, value) -> str:
    if value is None:
        return ""
    return str(widget.format_value(value) or "")


def _widget(bound):
    widget = bound.field.widget
    while isinstance(getattr(widget, "widget", None), forms.Widget):  # the admin wraps related-field widgets
        widget = widget.widget
    return widget


def input_names(form) -> dict:
    """Every input the form's page has, with what a browser sends when it is left alone."""
    names = {}
    for bound in form:
        widget = _widget(bound)
        if bound.field.disabled or isinstance(widget, forms.FileInput):
            continue
        if isinstance(widget, forms.MultiWidget):
            names.update({bound.html_name + suffix: "" for suffix in widget.widgets_names})
        else:
            names[bound.html_name] = [] if getattr(widget, "allow_multiple_selected", False) else ""
    return names


def hostile_strategies(form) -> dict:
    """For each input of the form, hostile values of the kind it expects (and then some)."""
    strategies = {}
    for bound in form:
        field_, widget, name = bound.field, _widget(bound), bound.html_name
        if field_.disabled or isinstance(widget, forms.FileInput):
            continue
        if isinstance(widget, forms.MultiWidget):
            for suffix in widget.widgets_names:
                strategies[name + suffix] = hostile_date_part
        elif isinstance(field_, forms.IntegerField | forms.DecimalField | forms.FloatField):
            strategies[name] = hostile_number
        elif isinstance(field_, forms.DateField | forms.DateTimeField):
            strategies[name] = hostile_date
        elif isinstance(field_, forms.EmailField):
            strategies[name] = hostile_email
        elif isinstance(field_, forms.ChoiceField | forms.ModelChoiceField):
            values = [str(value) for value, _label in _choices(field_)]
            many = getattr(widget, "allow_multiple_selected", False)
            strategy = hostile_choice(values)
            strategies[name] = st.lists(strategy, max_size=4) if many else strategy
        else:
            strategies[name] = hostile_value
    return strategies


def _choices(field_):
    try:
        return [(value, label) for value, label in field_.choices if value not in ("", None)][:50]
    except (TypeError, ValueError):  # grouped choices
        return []


def browser_data(form) -> dict:
    """What a browser submits for the form as the page shows it (its initial values)."""
    data = {}
    for bound in form:
        widget, name, value = _widget(bound), bound.html_name, bound.value()
        if bound.field.disabled or isinstance(widget, forms.FileInput):
            continue
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for suffix, sub_widget, sub_value in zip(widget.widgets_names, widget.widgets, parts, strict=True):
                data[name + suffix] = _formatted(sub_widget, sub_value)
        elif isinstance(widget, forms.CheckboxInput):
            if widget.check_test(value):
                data[name] = "on"
        elif isinstance(widget, ChoiceWidget):
            selected = [item for item in widget.format_value(value) if item != ""]
            if widget.allow_multiple_selected:
                data[name] = selected
            elif selected:
                data[name] = selected[0]
        else:
            data[name] = _formatted(widget, value)
    return data


def text_fields(form) -> list[str]:
    """Names of the free-text inputs: where people type words (not numbers, dates, emails or choices)."""
    names = []
    for bound in form:
        field_, widget = bound.field, bound.field.widget
        if (
            type(field_) is forms.CharField
            and isinstance(widget, forms.TextInput | forms.Textarea)
            and not isinstance(widget, forms.PasswordInput | forms.HiddenInput)
            and (field_.max_length or 10_000) >= 40
        ):
            names.append(bound.html_name)
    return names


def tracked_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and model not in AUDIT_MODELS and not model._meta.proxy
    ]


def snapshot(models) -> dict:
    """Row counts of every project model (in one query), and the full rows of `models`."""
    tracked = tracked_models()
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})" for model in tracked)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")  # noqa: S608 - table names from the models, no input
        state = dict(zip([model._meta.label for model in tracked], cursor.fetchone(), strict=True))
    for model in models:
        state[f"{model._meta.label} rows"] = list(model._default_manager.order_by("pk").values_list())
    return state


def changes(before: dict, after: dict) -> list[str]:
    return [key for key in before if before[key] != after.get(key)]


def assert_no_raw_markup(response, where: str) -> None:
    content_type = response.get("Content-Type", "")
    if "html" not in content_type or getattr(response, "streaming", False):
        return
    html = response.content.decode()
    found = [marker for marker in RAW_MARKERS if marker in html]
    assert not found, f"{where}: unescaped {found} in the page"


def assert_no_raw_markup_in_emails() -> None:
    """HTML emails escape what people typed (plain-text bodies cannot run script)."""
    for message in mail.outbox:
        for content, mimetype in getattr(message, "alternatives", []):
            found = [marker for marker in RAW_MARKERS if mimetype == "text/html" and marker in str(content)]
            assert not found, f"email {message.subject!r}: unescaped {found}"
