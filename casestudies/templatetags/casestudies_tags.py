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


_FACET = (
    '\n        \n        <div class="govuk-form-group">\n          <fieldset class="govuk-fieldset">\n'
    '            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{label}</legend>\n'
    '            <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">\n'
    "              {options}\n            </div>\n          </fieldset>\n        </div>\n        \n      "
)
_OPTION = (
    '\n              <div class="govuk-checkboxes__item">\n'
    '                <input class="govuk-checkboxes__input" id="{id}" name="{key}" type="checkbox"'
    ' value="{value}"{checked}>\n'
    '                <label class="govuk-label govuk-checkboxes__label" for="{id}">{label} ({count})</label>\n'
    "              </div>\n              "
)


@register.simple_tag
def library_facets(facets):
    """The library page's filter checkboxes, a fieldset per facet with options (search.facet_counts).

    Written here rather than as template loops: some 60 options, each with a handful of template
    lookups, cost a large part of the page's rendering. The counts are whole numbers, written as
    the template wrote them (localize: digits alone, as USE_THOUSAND_SEPARATOR is off)."""
    parts = []
    for facet in facets:
        if not facet["options"]:
            parts.append("\n        \n      ")
            continue
        key = escape(facet["key"])
        options = "".join(
            _OPTION.format(
                id=escape(option["id"]),
                key=key,
                value=escape(option["value"]),
                checked=" checked" if option["checked"] else "",
                label=escape(option["label"]),
                count=int(option["count"]),
            )
            for option in facet["options"]
        )
        parts.append(_FACET.format(label=escape(facet["label"]), options=options))
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above
