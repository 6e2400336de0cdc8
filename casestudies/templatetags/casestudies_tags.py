import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from casestudies.selectors import related_for

register = template.Library()


@register.simple_tag
def related_case_studies(service_area, legal_form=None):
    """Published case studies like a journey's (its service area, then its legal form): for the
    journey overview, which cannot import the library (journeys sit below casestudies)."""
    return list(related_for(service_area, legal_form or None))


@register.filter
def govuk_paragraphs(text):
    """Plain text -> GOV.UK paragraphs: blank lines split paragraphs, single newlines become <br>."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")) if p.strip()]
    html = "".join(f'<p class="govuk-body">{escape(p).replace(chr(10), "<br>")}</p>' for p in paragraphs)
    return mark_safe(html)  # noqa: S308 - each paragraph is escaped above
