"""Query parameters of the list endpoints, validated strictly: a bad value is a 400 with field errors.

The case-study parameters are the library page's own (casestudies.search): the same facets,
the same values (including "unknown" for "Not known") and the same sorts.
"""

from django.core.validators import ProhibitNullCharactersValidator
from rest_framework import serializers

from casestudies import search
from challenges.models import DecisionOutcome

DECADE_PATTERN = r"^((19|20)\d0|unknown)$"
FIRST_REGISTER_YEAR = 2012  # the Right to Challenge came into force on 27 June 2012
LAST_YEAR = 2100


class SearchTextField(serializers.CharField):
    """Free text: anything up to the length limit is accepted (control characters are cleaned later)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]


def _facet_field(facet: search.Facet) -> serializers.Field:
    help_text = f"{facet.label}: repeat the parameter to match any of several values"
    help_text += "; 'unknown' means not known." if facet.has_unknown else "."
    if facet.choices is None:
        child = serializers.RegexField(DECADE_PATTERN, max_length=7)
        return serializers.ListField(child=child, required=False, max_length=50, help_text=help_text)
    values = [*facet.choices, (search.NOT_KNOWN_VALUE, search.NOT_KNOWN_LABEL)] if facet.has_unknown else facet.choices
    return serializers.ListField(
        child=serializers.ChoiceField(choices=values), required=False, max_length=50, help_text=help_text
    )


class CaseStudyFilter(serializers.Serializer):
    q = SearchTextField(
        required=False,
        allow_blank=True,
        max_length=search.MAX_QUERY_LENGTH,
        help_text="Words to search for in the name, summary, story and outcomes.",
    )
    service_area = _facet_field(search.FACETS_BY_KEY["service_area"])
    legal_form = _facet_field(search.FACETS_BY_KEY["legal_form"])
    ownership_model = _facet_field(search.FACETS_BY_KEY["ownership_model"])
    region = _facet_field(search.FACETS_BY_KEY["region"])
    decade = _facet_field(search.FACETS_BY_KEY["decade"])
    kind = _facet_field(search.FACETS_BY_KEY["kind"])
    sort = serializers.ChoiceField(
        choices=list(search.SORTS.items()),
        required=False,
        help_text="relevance (the default; by name when there is no search text), name, or year (newest first).",
    )

    def library_query(self) -> search.LibraryQuery:
        """The validated parameters as the library page's own query object."""
        data = self.validated_data
        filters = {}
        for facet in search.FACETS:
            chosen = list(dict.fromkeys(data.get(facet.key, [])))
            if chosen:
                filters[facet.key] = chosen
        return search.LibraryQuery(
            q=search.clean_query_text(data.get("q", "")), filters=filters, sort=data.get("sort", "relevance")
        )


class DecisionFilter(serializers.Serializer):
    council = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="The id of a council (see the council field)."
    )
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices, required=False)
    year = serializers.IntegerField(
        required=False, min_value=FIRST_REGISTER_YEAR, max_value=LAST_YEAR, help_text="The year it was published."
    )


class ServiceFilter(serializers.Serializer):
    council = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="The id of a council (see the council field)."
    )


def validated(filter_class, request) -> serializers.Serializer:
    """Validate the request's query parameters; raises a 400 listing each bad field.

    DRF would treat an empty value (`?council=`) as "not given": here it is an error, as the
    schema says, except for free text, where empty means "no search".
    """
    params = request.query_params
    serializer = filter_class(data=params)
    valid = serializer.is_valid()
    errors = dict(serializer.errors) if not valid else {}
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.CharField):  # free text: empty is "no search"
            continue
        if name not in errors and "" in params.getlist(name):
            errors[name] = ["Enter a value, or leave the parameter out."]
    if errors:
        raise serializers.ValidationError(errors)
    return serializer
