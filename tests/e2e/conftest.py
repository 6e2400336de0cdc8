"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from mutuals_portal.celery import app as celery_app

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to
# run inside one unless told that this is safe (it is: the test owns the thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if not Path(CHROMIUM).exists():
                item.add_marker(
                    pytest.mark.skip(reason=f"needs Chromium at {CHROMIUM}: sudo apt-get install -y chromium")
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


class PageWatcher:
    """Collects failed requests and error responses while a page is used."""

    def __init__(self, page):
        self.problems: list[str] = []
        # A request the browser itself abandons (net::ERR_ABORTED, e.g. a favicon when the page
        # moves on) is not a failure to load; errors from the server are caught below.
        page.on(
            "requestfailed",
            lambda request: (
                self.problems.append(f"failed {request.url} {request.failure}")
                if request.failure != "net::ERR_ABORTED"
                else None
            ),
        )
        page.on(
            "response",
            lambda response: (
                self.problems.append(f"{response.status} {response.url}")
                if response.status >= 400 and not response.url.endswith("/no-such-page/")
                else None
            ),
        )
        page.on("pageerror", lambda error: self.problems.append(f"script error {error}"))
        # Console errors include Content-Security-Policy violations (an inline style or script).
        page.on(
            "console",
            lambda message: (
                self.problems.append(f"console {message.text}")
                if message.type == "error" and "404" not in message.text
                else None
            ),
        )


@pytest.fixture
def watched_page(page):
    watcher = PageWatcher(page)
    page.watcher = watcher
    yield page
    assert watcher.problems == [], watcher.problems


@pytest.fixture(scope="session")
def axe():
    return Axe()


def _govuk_conditional_reveal(node: dict) -> bool:
    """A GOV.UK radio or checkbox that reveals a question: GOV.UK Frontend's own script sets aria-expanded
    on it, which ARIA 1.2 does not allow on those roles. GOV.UK keeps it on purpose (screen readers announce
    it; research in alphagov/govuk-frontend#979, a known issue), so it is not ours to fix."""
    html = node.get("html", "")
    return (
        ('class="govuk-radios__input"' in html or 'class="govuk-checkboxes__input"' in html)
        and 'aria-controls="conditional' in html
        and "aria-expanded" in html
    )


def _without_govuk_known_issue(response: dict) -> dict:
    violations = []
    for violation in response["violations"]:
        if violation["id"] == "aria-allowed-attr":
            nodes = [node for node in violation["nodes"] if not _govuk_conditional_reveal(node)]
            if not nodes:
                continue
            violation = {**violation, "nodes": nodes}
        violations.append(violation)
    return {**response, "violations": violations}


@pytest.fixture
def assert_accessible(axe):
    def _check(page):
        # A click that follows a link returns once the next page starts loading; axe needs its document.
        page.wait_for_load_state("load")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        results.response = _without_govuk_known_issue(results.response)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return _check


@pytest.fixture
def demo_data():
    """The demo's people, groups, journeys, challenges and referrals (`manage.py seed_demo`), without its
    rendered packs: no test using this fixture opens one, and rendering them is most of the seed's time."""
    call_command("seed_demo", "--skip-packs", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def eager_notices(monkeypatch):
    """Render the decision notice in the request instead of queueing it for a worker."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
