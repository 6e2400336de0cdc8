"""Our faster rendering of govuk-frontend-django components gives the library's own output."""

import pytest
from govuk_frontend_django.components.footer import GovUKFooter
from govuk_frontend_django.components.service_navigation import GovUKServiceNavigation
from govuk_frontend_django.components.tag import GovUKTag

from mutuals_portal.lib import govuk

COMPONENTS = [
    GovUKTag(text="Completed", classes="govuk-tag--green"),
    GovUKServiceNavigation(
        serviceName="Mutuals Portal",
        serviceUrl="/",
        navigation=[
            {"text": "Case studies", "href": "/case-studies/", "active": True},
            {"text": "Sign in", "href": "/a"},
        ],
    ),
    GovUKFooter(meta={"items": [{"text": "Privacy <notice>", "href": "/privacy/"}]}),
]


@pytest.mark.parametrize("component", COMPONENTS, ids=lambda c: type(c).__name__)
def test_it_renders_exactly_what_the_library_renders(component):
    assert str(govuk.render(component)) == str(govuk._original_render(component))


def test_components_render_through_the_fast_path_and_reuse_compiled_templates():
    govuk.compiled.cache_clear()
    tag = GovUKTag(text="In progress")
    first = str(tag)
    second = str(GovUKTag(text="In progress"))
    assert first == second
    info = govuk.compiled.cache_info()
    assert info.misses == 1 and info.hits >= 1


def test_user_text_is_escaped():
    assert "&lt;script&gt;" in str(GovUKTag(text="<script>alert(1)</script>"))
