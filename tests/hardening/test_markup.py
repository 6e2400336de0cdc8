"""Stored markup (issue #16, point 1): what people typed is shown as text, never as markup.

A group registered anonymously with a name holding a <button formaction=...> and hidden inputs
became markup on the group-delete page (crispy-forms-gds renders help text |safe), and an
administrator who clicked it changed another user's password. Here every free-text field of every
portal model (found from the models, so a new field is covered without listing it) holds hostile
markup, and then:

- every named URL of the permission matrix (tests/*/matrix_rows.py, which fails for a URL with no
  row) is requested by every role that may see it;
- every page of the Django admin (walked from its URL patterns) is requested by an administrator;
- every form (tests/hardening/form_cases.py, which fails for a form with no case) is shown, sent
  empty so it comes back with errors, and sent with valid answers (the page it leads to and the
  pages that show what was saved are read too);
- every notification is emailed on its own and in a daily digest, the periodic reminders are sent,
  and the HTML of a business-plan pack and of a decision notice (what WeasyPrint renders) is made;

and no element that the hostile text would create may be found in any of them.
"""

from html.parser import HTMLParser

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core import mail
from django.db import models, transaction
from django.db.models.functions import Cast, Concat
from django.template import Context, Template
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.html import escape, format_html

from challenges.models import Decision
from challenges.tasks import notice_html
from journeys.forms import GroupDeleteForm
from journeys.models import Journey, StaffGroup
from packs.content import plan_data
from packs.services import pack_html
from tests.test_permission_matrix import CASES as MATRIX_CASES

from .form_cases import CASES as FORM_CASES
from .harness import PROJECT_APPS, find_form

MARK = "data-hostile"
# Longest first: each field gets the longest that fits (with room for the row's id, which keeps
# unique names unique).
PAYLOADS = [
    f'<button formaction="/admin/accounts/user/1/password/" {MARK}>Continue</button>'
    f"<img src=x onerror=alert(1) {MARK}><script {MARK}>alert(1)</script>",
    f"<img src=x onerror=alert(1) {MARK}>",
    f"<b {MARK}>",
]
ROW_ID_ROOM = 8
# Text fields that are not free text: keys, codes and bookkeeping the code itself reads.
NOT_FREE_TEXT = {
    "password",  # a hash
    "event_type",  # notifications: the event's key in notifications/events.py
    "object_id",  # notifications: the id of the object it is about
    "kind",  # evidence: the sniffed type's code
    "content_type",  # evidence: the sniffed type's MIME type, sent back as Content-Type
    "source_hash",  # packs: a SHA-256
    "method",  # security events: the HTTP method
    "ons_code",  # public bodies: nine characters, no room for markup
}
REDIRECTS = {301, 302, 303}


class HostileElements(HTMLParser):
    """Collects the elements that come from the payload (they carry its marker attribute)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if any(name == MARK for name, _value in attrs):
            self.found.append(self.get_starttag_text())

    handle_startendtag = handle_starttag


def hostile_elements(html: str) -> list[str]:
    parser = HostileElements()
    parser.feed(html)
    parser.close()
    return parser.found


def assert_shown_as_text(response, where: str) -> None:
    if "html" not in response.get("Content-Type", "") or getattr(response, "streaming", False):
        return
    found = hostile_elements(response.content.decode())
    assert not found, f"{where}: the stored text became markup: {found[:3]}"


def assert_emails_show_text(outbox) -> None:
    for message in outbox:
        assert "\n" not in message.subject and "\r" not in message.subject, message.subject
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                found = hostile_elements(str(content))
                assert not found, f"email {message.subject!r}: the stored text became markup: {found[:3]}"


def free_text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.EmailField | models.SlugField | models.URLField)
        and not field.choices
        and not field.primary_key
        and field.name not in NOT_FREE_TEXT
        and (field.max_length is None or field.max_length >= len(PAYLOADS[-1]) + ROW_ID_ROOM)
    ]


def payload_for(field: models.Field) -> str:
    limit = (field.max_length or 10_000) - ROW_ID_ROOM
    return next(payload for payload in PAYLOADS if len(payload) <= limit)


def make_hostile() -> dict[str, list[str]]:
    """Every free-text field of every row of every portal model now holds hostile markup."""
    changed = {}
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model._meta.proxy:
            continue
        fields = free_text_fields(model)
        if not fields:
            continue
        text = models.TextField()
        model._base_manager.all().update(
            **{
                field.attname: Concat(
                    models.Value(payload_for(field)), Cast("pk", output_field=text), output_field=text
                )
                for field in fields
            }
        )
        changed[model._meta.label] = [field.name for field in fields]
    return changed


@pytest.fixture
def hostile_world(world):
    world.hostile_fields = make_hostile()
    return world


def test_the_check_finds_each_payload_as_markup_and_not_as_text():
    for payload in PAYLOADS:
        assert hostile_elements(f"<p>{payload}</p>")
        assert hostile_elements(f'<textarea></textarea>{payload}<input value="">')
        assert not hostile_elements(f'<p>{escape(payload)}</p><input value="{escape(payload)}">')


def test_the_hostile_world_covers_the_names_in_the_penetration_test(hostile_world):
    changed = hostile_world.hostile_fields
    for label, field in [
        ("journeys.StaffGroup", "name"),
        ("accounts.User", "full_name"),
        ("accounts.PublicBody", "name"),
        ("challenges.ExpressionOfInterest", "body_name"),
        ("challenges.ChallengeableService", "name"),
        ("casestudies.CaseStudy", "name"),
        ("journeys.Risk", "title"),
        ("referrals.Referral", "organisation"),
        ("notifications.Notification", "message"),
    ]:
        assert field in changed[label], (label, field)
    assert StaffGroup.objects.get(pk=hostile_world.objects["group_a"].pk).name.startswith("<button formaction=")


# The incident, exactly ---------------------------------------------------------------------------


def test_a_hostile_group_name_is_only_text_in_the_delete_forms_hint():
    form = GroupDeleteForm(group_name='<button formaction="/admin/">Go</button>')
    assert str(form["name"].help_text) == "Type: &lt;button formaction=&quot;/admin/&quot;&gt;Go&lt;/button&gt;"


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_a_hostile_group_name_puts_no_button_on_the_group_delete_page(hostile_world, client_for, role):
    journey = hostile_world.objects["journey_a"]
    response = client_for(hostile_world.user(role)).get(reverse("groupdata:group_delete", args=[journey.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert not hostile_elements(html)
    assert "Type: &lt;button formaction=&quot;/admin/accounts/user/1/password/&quot;" in html


HOSTILE_TEXT = '<button formaction="/admin/">x</button>'


class _HostileLabels(forms.Form):
    text = forms.CharField(label=HOSTILE_TEXT, help_text=HOSTILE_TEXT)
    choice = forms.ChoiceField(
        label=HOSTILE_TEXT, help_text=HOSTILE_TEXT, choices=[("a", "A")], widget=forms.RadioSelect
    )
    many = forms.MultipleChoiceField(
        label=HOSTILE_TEXT, help_text=HOSTILE_TEXT, choices=[("a", "A")], widget=forms.CheckboxSelectMultiple
    )
    on = forms.BooleanField(label=HOSTILE_TEXT, help_text=HOSTILE_TEXT, required=False)
    built = forms.CharField(label=format_html("<strong>{}</strong>", HOSTILE_TEXT))


@pytest.mark.parametrize("tag", ["{{ form|crispy }}", "{% crispy form %}"])
def test_crispy_forms_gds_prints_every_label_and_hint_escaped(tag):
    """crispy-forms-gds renders labels and hints |safe: the project's form renderer (settings.FORM_RENDERER,
    mutuals_portal/lib/forms.py) gives every form bound fields whose label and hint are escaped first,
    so markup survives only where the code built it on purpose (format_html)."""
    html = Template("{% load crispy_forms_tags %}" + tag).render(Context({"form": _HostileLabels()}))
    assert not hostile_elements(html), html
    assert html.count("&lt;button formaction=&quot;/admin/&quot;&gt;x&lt;/button&gt;") >= 9  # 5 labels, 4 hints
    assert "<strong>&lt;button" in html  # built markup kept, the name inside it escaped


# Every page ---------------------------------------------------------------------------------------

PAGE_CASES = [case for case in MATRIX_CASES if case.method == "get" and 200 in case.expect.values()]


def test_every_page_shows_stored_markup_as_text(hostile_world, client_for):
    """One hostile world for all pages (each request in a savepoint that is rolled back)."""
    assert len(PAGE_CASES) > 100
    problems = []
    for case in PAGE_CASES:
        url = reverse(case.name, kwargs=case.kwargs(hostile_world) if case.kwargs else None)
        for role in [role for role, expected in case.expect.items() if expected == 200]:
            with transaction.atomic():
                response = client_for(hostile_world.user(role)).get(url)
                transaction.set_rollback(True)
            try:
                assert response.status_code == 200, f"{case.id} as {role}: {response.status_code}"
                assert_shown_as_text(response, f"{case.id} as {role}")
            except AssertionError as problem:
                problems.append(str(problem))
    assert not problems, "\n".join(problems)


def _admin_urls(world) -> list[str]:
    """Every GET page of the Django admin: the site's own, and each model's (for its first row)."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    urls += [reverse("admin:app_list", args=[label]) for label in {m._meta.app_label for m in admin.site._registry}]
    for model, model_admin in admin.site._registry.items():
        first = model._default_manager.order_by("pk").first()
        for pattern in model_admin.urls:
            if not isinstance(pattern, URLPattern) or not pattern.name:
                continue
            params = set(pattern.pattern.regex.groupindex)
            if pattern.name.endswith("_simple_history"):  # one historical version: (object id, history id)
                version = first.history.order_by("history_id").first() if first is not None else None
                if version is not None:
                    urls.append(reverse(f"admin:{pattern.name}", args=[first.pk, version.history_id]))
            elif pattern.pattern.regex.groups > len(params):
                raise AssertionError(f"admin:{pattern.name} takes unnamed arguments: say here how to fill them in")
            elif not params:
                urls.append(reverse(f"admin:{pattern.name}"))
            elif len(params) == 1 and params <= {"object_id", "pk", "id"}:
                if first is not None:
                    urls.append(reverse(f"admin:{pattern.name}", kwargs={params.pop(): first.pk}))
            else:
                raise AssertionError(f"admin:{pattern.name} takes {params}: say here how to fill them in")
    return urls


def test_every_admin_page_shows_stored_markup_as_text(hostile_world, client_for):
    client = client_for(hostile_world.user("admin"))
    shown = 0
    for url in _admin_urls(hostile_world):
        response = client.get(url)
        assert response.status_code < 500, url
        shown += response.status_code == 200
        assert_shown_as_text(response, f"admin {url}")
    assert shown > 60  # changelists, add and change pages, histories, deletions


def test_the_admin_url_walk_reaches_every_named_admin_url():
    """A new admin site-level page must be added to _admin_urls (model pages are found by themselves)."""
    site_level = set()
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "admin":
            site_level = {p.name for p in pattern.url_patterns if isinstance(p, URLPattern) and p.name}
    known = {"index", "password_change", "app_list", "login", "logout", "password_change_done", "jsi18n"}
    known |= {"autocomplete", "view_on_site"}  # JSON and a redirect: no page
    assert site_level and site_level <= known, site_level - known


# Every form ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", FORM_CASES, ids=[case.id for case in FORM_CASES])
def test_every_form_shows_stored_markup_as_text_shown_refused_and_sent(case, hostile_world, client_for):
    world = hostile_world
    if case.setup:
        case.setup(world)
    client = client_for(world.user(case.role))
    page = client.get(case.page_url(world), follow=True)
    assert page.status_code == 200, f"{case.id}: the form's page answered {page.status_code}"
    assert_shown_as_text(page, f"{case.id} page")
    find_form(page, case.form)
    valid = {key: value() if callable(value) else value for key, value in case.valid(world).items()}
    for label, data in [("sent empty", {}), ("sent with valid answers", valid)]:
        mail.outbox = []
        with transaction.atomic():
            if case.visit_first:
                client.get(case.page_url(world))
            with TestCase.captureOnCommitCallbacks(execute=True):
                response = getattr(client, case.method)(case.url(world), data)
            assert response.status_code < 500, f"{case.id} {label}: server error"
            assert_shown_as_text(response, f"{case.id} {label}")
            if response.status_code in REDIRECTS:
                assert_shown_as_text(client.get(response["Location"]), f"{case.id} {label}: {response['Location']}")
                for role, url in case.shows(world):
                    assert_shown_as_text(client_for(world.user(role)).get(url), f"{case.id} {label}: {url}")
                client = client_for(world.user(case.role))
            assert_emails_show_text(mail.outbox)
            transaction.set_rollback(True)


# Every email and every PDF source -------------------------------------------------------------------


def test_every_notification_email_and_digest_shows_stored_markup_as_text(hostile_world):
    from challenges.tasks import send_deadline_reminders
    from journeys.tasks import remind_stalled_journeys
    from notifications.models import Notification
    from notifications.tasks import send_digest, send_notification_email

    mail.outbox = []
    notifications = list(Notification.objects.all())
    assert notifications
    Notification.objects.update(email_status=Notification.Email.QUEUED)
    for notification in notifications:
        send_notification_email(notification.pk)
    Notification.objects.update(email_status=Notification.Email.DIGEST_PENDING)
    for recipient_id in {notification.recipient_id for notification in notifications}:
        send_digest(recipient_id)
    Journey.objects.update(last_activity_at=timezone.now() - timezone.timedelta(days=400))
    with TestCase.captureOnCommitCallbacks(execute=True):
        remind_stalled_journeys()
        send_deadline_reminders()
    html_emails = [m for m in mail.outbox if any(t == "text/html" for _c, t in getattr(m, "alternatives", []))]
    # One email per notification, and one daily summary per person notified.
    assert len(html_emails) >= len(notifications) + len({n.recipient_id for n in notifications}) > 0
    assert any(MARK in str(m.alternatives[0][0]) for m in html_emails)  # the names are in them, escaped
    assert_emails_show_text(mail.outbox)


def test_the_pack_and_notice_html_shows_stored_markup_as_text(hostile_world):
    journey = Journey.objects.get(pk=hostile_world.objects["journey_a"].pk)
    html = pack_html(plan_data(journey), version=1, on=timezone.localdate())
    assert MARK in html and not hostile_elements(html)
    decision = Decision.objects.exclude(published_at=None).select_related("eoi__service__council").first()
    html = notice_html(decision)
    assert MARK in html and not hostile_elements(html)
