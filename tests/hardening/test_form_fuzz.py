"""Every form of the portal, driven through its real view with hostile values (hypothesis).

For each form (tests/hardening/form_cases.py), signed in as the role that uses it:
- no server error, whatever is typed: very long strings, right-to-left and zero-width
  characters, emoji, NUL bytes, HTML and <script>, SQL, negative and huge numbers, dates far
  off, malformed ids, hostile file names and contents;
- nothing typed is ever rendered as markup: every page (the response, the page it redirects
  to, the pages that show the saved answers) and every HTML email is checked for raw markup;
- nothing is half-saved: when the form comes back with errors, no row of any project model
  was added or removed and the form's own models are unchanged row for row.

Each example runs in a transaction that is rolled back, so examples never see each other's data.
FUZZ_EXAMPLES (default 20) sets the examples per form; FUZZ_RANDOM=1 explores new examples
instead of the same derandomized ones each run.
"""

import importlib
import os
import pkgutil

import pytest
from django.core import mail
from django.db import transaction
from django.forms.forms import BaseForm
from django.test import TestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.layout import project_packages

from .form_cases import CASES, DJANGO_FORMS
from .harness import (
    assert_no_raw_markup,
    assert_no_raw_markup_in_emails,
    browser_data,
    changes,
    find_form,
    hostile_strategies,
    input_names,
    snapshot,
    text_fields,
)
from .strategies import SCRIPT, mutations

PROJECT_PACKAGES = project_packages()
REDIRECTS = {301, 302, 303}
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    database=None,
    # The world fixture is made once per form; each example rolls back what it changed.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def project_form_classes() -> set[type]:
    """Every form class defined anywhere in the project's packages."""
    found = set()
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for module_info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if ".migrations" in module_info.name or module_info.name.endswith((".wsgi", ".asgi")):
                continue
            module = importlib.import_module(module_info.name)
            found |= {
                value
                for value in vars(module).values()
                if isinstance(value, type) and issubclass(value, BaseForm) and value.__module__ == module.__name__
            }
    return found


def test_every_form_of_the_portal_has_a_fuzz_case():
    forms = project_form_classes()
    assert len(forms) >= 45
    covered = {case.form for case in CASES}
    missing = sorted(form.__qualname__ for form in forms - covered)
    assert not missing, f"Forms with no case in tests/hardening/form_cases.py: {missing}"
    assert covered - forms <= DJANGO_FORMS


@pytest.fixture
def form_page(case, world, client_for):
    """The form as its page shows it, a browser's valid submission of it, and hostile values for each input.

    Visiting the page once also makes what a first visit creates (say, a default programme).
    """
    if case.setup:
        case.setup(world)
    response = client_for(world.user(case.role)).get(case.page_url(world), follow=True)
    assert response.status_code == 200, f"{case.id}: the form's page answered {response.status_code}"
    form = find_form(response, case.form)
    inputs = input_names(form)
    answers = case.valid(world)
    unknown = set(answers) - set(inputs) - set(case.files)
    assert not unknown, f"{case.id}: answers for fields the form does not have: {unknown}"
    return form, {**inputs, **browser_data(form), **answers}, {**hostile_strategies(form), **case.files}


def _submit(client, case, world, data):
    if case.method == "get":
        return client.get(case.url(world), data)
    return client.post(case.url(world), data)


def _pages_after(case, world, client_for, client, response) -> list:
    """The responses to look at after a submission: the page itself, where it led, where answers show."""
    pages = [(case.id, response)]
    if case.method == "get":
        pages += [(url, client.get(url, response.wsgi_request.GET)) for url in case.also_get(world)]
    elif response.status_code in REDIRECTS:
        pages.append((response["Location"], client.get(response["Location"])))
        pages += [(url, client_for(world.user(role)).get(url)) for role, url in case.shows(world)]
    return pages


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_script_typed_into_every_text_field_is_saved_and_shown_escaped(case, world, client_for, form_page):
    form, valid, _hostile = form_page
    scripted = [name for name in text_fields(form) if name not in case.keep]
    data = {**valid, **dict.fromkeys(scripted, SCRIPT)}
    data = {key: value() if callable(value) else value for key, value in data.items()}
    client = client_for(world.user(case.role))
    if case.visit_first:
        client.get(case.page_url(world))
    response = _submit(client, case, world, data)
    expected = 200 if case.method == "get" else 302
    assert response.status_code == expected, (
        f"{case.id}: the valid answers were not accepted ({response.status_code}): "
        f"{response.context and [f.errors for f in [find_form(response, case.form)]]}"
    )
    pages = _pages_after(case, world, client_for, client, response)
    for where, page in pages:
        assert page.status_code < 400, f"{where} answered {page.status_code}"
        assert_no_raw_markup(page, where)
    if case.echo and scripted:
        escaped = "&lt;script&gt;alert("
        shown = [where for where, page in pages if not page.streaming and escaped in page.content.decode()]
        assert shown, f"{case.id}: the saved text {scripted} shows on none of {[where for where, _ in pages]}"
    assert_no_raw_markup_in_emails()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
@FUZZ
@given(data=st.data())
def test_hostile_input_never_breaks_a_form(case, world, client_for, form_page, data):
    _form, valid, hostile = form_page
    submission = data.draw(mutations(valid, hostile), label="submission")
    with transaction.atomic():
        try:
            _check_submission(case, world, client_for, submission)
        finally:
            transaction.set_rollback(True)


def _check_submission(case, world, client_for, submission):
    mail.outbox = []
    client = client_for(world.user(case.role))
    if case.visit_first:
        client.get(case.page_url(world))
    before = snapshot(case.models)
    # What the view leaves for after the commit (emails, queued jobs) runs too, as in production.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _submit(client, case, world, submission)
    assert response.status_code < 500, f"{case.id}: server error"
    accepted = case.method == "post" and response.status_code in REDIRECTS
    if not accepted:
        changed = changes(before, snapshot(case.models))
        assert not changed, f"{case.id}: answered {response.status_code} but changed {changed}"
    if case.method == "post" and response.status_code == 200:
        assert case.error_marker in response.content.decode(), f"{case.id}: refused with no error summary"
    for where, page in _pages_after(case, world, client_for, client, response):
        assert page.status_code < 500, f"{where}: server error"
        assert_no_raw_markup(page, where)
    assert_no_raw_markup_in_emails()
