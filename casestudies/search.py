"""Searching, filtering, faceting and sorting the public case-study library.

On PostgreSQL the query is a `websearch` full-text query (English stemming) against the
stored, weighted search vector, ranked with SearchRank. On other databases every word (or one
of its synonyms) must start a word of the name, summary, story or outcomes, as its rough stem.
"""

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache, partial
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from accounts.models import Region
from mutuals_portal.lib.cache import bump_version, version
from mutuals_portal.lib.choices import OwnershipModel, ServiceArea
from mutuals_portal.lib.prepared import PreparedValues

from .models import LEGAL_FORM_CHOICES

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
PAGE_SIZE = 10
MAX_IGNORED_SHOWN = 10
NOT_KNOWN_VALUE = "unknown"
NOT_KNOWN_LABEL = "Not known"
SEARCH_FIELDS = ["name", "summary", "body", "outcomes"]
SORTS = {"relevance": "Relevance", "name": "Name (A to Z)", "year": "Year spun out (newest first)"}
STOP_WORDS = {"a", "an", "and", "or", "the", "of", "in", "on", "to", "for", "by", "with", "at", "is", "it"}
# With more matches than this, relevance ranks only the most recently published matches (twenty
# pages of them): ranking every row of a word found in nearly every case study costs far more than a
# page may take, and finding the newest matches reads about as many rows again for each one the
# words miss (bench/README.md).
RANKED_MATCHES_LIMIT = 200
FACET_CACHE_SECONDS = 600
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_DECADE = re.compile(r"^(19|20)\d0$")


# Words people in the field use for the same thing. A search for any of them finds all of them.
# Multi-word entries are matched as phrases.
SYNONYM_GROUPS = [
    ("care", "carer", "carers", "caring"),
    ("leisure", "sport", "sports"),
    ("library", "libraries"),
    ("cic", "community interest company"),
    ("spin out", "spin-out", "spun out", "spinout", "mutualisation", "mutualization", "mutualised"),
    ("co-operative", "cooperative", "co-op", "coop"),
    ("youth", "young people"),
]
SYNONYMS = {word: group for group in SYNONYM_GROUPS for word in group}
# Phrases folded into one token before the query is split into words (longest first).
_PHRASES = sorted((word for word in SYNONYMS if " " in word or "-" in word), key=len, reverse=True)
_PHRASE_PATTERN = re.compile(r"\b(" + "|".join(re.escape(p) for p in _PHRASES) + r")\b", re.IGNORECASE)
# Words for "did you mean", besides the names in the library.
DOMAIN_WORDS = [
    *[word for group in SYNONYM_GROUPS for word in group if " " not in word],
    "health",
    "healthcare",
    "community",
    "nursing",
    "therapy",
    "archives",
    "education",
    "learning",
    "housing",
    "children",
    "social",
    "home",
    "mutual",
    "mutuals",
    "employee",
    "owned",
    "society",
    "benefit",
    "charity",
    "council",
    "closed",
    "tender",
    "contract",
]


@dataclass(frozen=True)
class Facet:
    key: str  # the query parameter
    label: str
    field: str  # the model field it filters
    choices: list[tuple[str, str]] | None  # None: values come from the data (decades)
    has_unknown: bool = True  # False for a fact every case study has (a yes or no)


FACETS = [
    Facet("service_area", "Service area", "service_area", list(ServiceArea.choices)),
    Facet("legal_form", "Legal form", "legal_form", list(LEGAL_FORM_CHOICES)),
    Facet("ownership_model", "Ownership model", "ownership_model", list(OwnershipModel.choices)),
    Facet("region", "Region", "region", list(Region.choices)),
    Facet("decade", "Spun out", "year_spun_out", None),
    # Entries kept for their lessons that are not public service mutuals are left out of the
    # mutuals' count by this facet.
    Facet(
        "kind",
        "Type of organisation",
        "is_public_service_mutual",
        [("mutual", "Public service mutual"), ("other", "Not a public service mutual")],
        has_unknown=False,
    ),
]
FACETS_BY_KEY = {facet.key: facet for facet in FACETS}


def decade_label(value: str) -> str:
    return NOT_KNOWN_LABEL if value == NOT_KNOWN_VALUE else f"{value}s"


def facet_value_label(facet: Facet, value: str) -> str:
    if value == NOT_KNOWN_VALUE:
        return NOT_KNOWN_LABEL
    if facet.choices is None:
        return decade_label(value)
    return dict(facet.choices).get(value, value)


def _is_valid(facet: Facet, value: str) -> bool:
    if value == NOT_KNOWN_VALUE:
        return facet.has_unknown
    if facet.choices is None:
        return bool(_DECADE.match(value))
    return value in dict(facet.choices)


def clean_query_text(text: str) -> str:
    """Collapse control characters and whitespace and cap the length; never fails."""
    text = _CONTROL_CHARACTERS.sub(" ", text or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def query_terms(text: str) -> list[str]:
    """The words to look for: not negated (-word), not operators or stop words."""
    terms = []
    for token in text.split():
        if token.startswith("-"):
            continue
        for word in _WORD.findall(token.lower()):
            if word not in STOP_WORDS and word not in terms:
                terms.append(word)
    return terms[:MAX_TERMS]


def term_groups(text: str) -> list[tuple[str, ...]] | None:
    """The search as groups of alternatives, every group required, or None when the text uses
    search syntax (quotes, -word, or) and is left to the web-search parser as it is.

    "home carers" -> [("home",), ("care", "carer", "carers", "caring")]."""
    if '"' in text or any(token.startswith("-") for token in text.split()) or " or " in f" {text.lower()} ":
        return None
    folded = _PHRASE_PATTERN.sub(lambda match: " \x00" + match.group(1).lower().replace(" ", "\x01") + " ", text)
    groups = []
    for token in folded.split():
        if token.startswith("\x00"):
            phrase = token[1:].replace("\x01", " ")
            group = SYNONYMS.get(phrase, (phrase,))
            if group not in groups:
                groups.append(group)
            continue
        for word in _WORD.findall(token.lower()):
            group = SYNONYMS.get(word, (word,))
            if word not in STOP_WORDS and group not in groups:
                groups.append(group)
    return groups[:MAX_TERMS]


def rough_stem(word: str) -> str:
    """A crude English stem, so that "libraries" also finds "library" without PostgreSQL."""
    if word.endswith("ies") and len(word) > 5:
        return word[:-3]
    for suffix in ("ing", "ed", "es", "s", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@dataclass
class LibraryQuery:
    """What the visitor asked for, cleaned: the page is linkable from these parameters."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: str = "1"
    ignored: list[str] = field(default_factory=list)
    limited: bool = False  # more matches than search.RANKED_MATCHES_LIMIT: only the newest are ranked

    @classmethod
    def from_params(cls, params) -> "LibraryQuery":
        query = cls(q=clean_query_text(params.get("q", "")))
        for facet in FACETS:
            chosen = []
            for raw in params.getlist(facet.key)[:50]:
                value = clean_query_text(raw)
                if not value:
                    continue
                if _is_valid(facet, value):
                    if value not in chosen:
                        chosen.append(value)
                elif len(query.ignored) < MAX_IGNORED_SHOWN:
                    query.ignored.append(f"{facet.label}: {value[:60]}")
            if chosen:
                query.filters[facet.key] = chosen
        sort = params.get("sort", "")
        if sort in SORTS:
            query.sort = sort
        elif sort:
            query.ignored.append(f"Sort: {clean_query_text(sort)[:60]}")
        query.page = params.get("page", "1")
        return query

    @property
    def effective_sort(self) -> str:
        return "name" if self.sort == "relevance" and not self.q else self.sort

    def params(self, *, without: tuple[str, str] | None = None, page: int | None = None, **changes) -> list:
        """Query parameters as (key, value) pairs, optionally with a filter removed or a page set."""
        pairs = []
        q = changes.get("q", self.q)
        if q:
            pairs.append(("q", q))
        for facet in FACETS:
            for value in self.filters.get(facet.key, []):
                if without != (facet.key, value):
                    pairs.append((facet.key, value))
        sort = changes.get("sort", self.sort)
        if sort != "relevance":
            pairs.append(("sort", sort))
        if page and page > 1:
            pairs.append(("page", str(page)))
        return pairs

    def querystring(self, **kwargs) -> str:
        pairs = self.params(**kwargs)
        return "?" + urlencode(pairs) if pairs else "?"

    def has_filters(self) -> bool:
        return bool(self.filters)


def using_postgres() -> bool:
    return connection.vendor == "postgresql"


def _filter_q(facet: Facet, values: list[str]) -> Q:
    condition = Q()
    for value in values:
        if facet.key == "decade":
            if value == NOT_KNOWN_VALUE:
                condition |= Q(year_spun_out__isnull=True)
            else:
                start = int(value)
                condition |= Q(year_spun_out__gte=start, year_spun_out__lt=start + 10)
        elif facet.key == "kind":
            condition |= Q(is_public_service_mutual=value == "mutual")
        elif value == NOT_KNOWN_VALUE:
            condition |= Q(**{facet.field: ""})
        else:
            condition |= Q(**{facet.field: value})
    return condition


def apply_filters(queryset, filters: dict[str, list[str]], *, except_facet: str | None = None):
    """Values of one facet are alternatives (OR); different facets narrow each other (AND)."""
    for key, values in filters.items():
        if key != except_facet:
            queryset = queryset.filter(_filter_q(FACETS_BY_KEY[key], values))
    return queryset


def search_query(text: str) -> SearchQuery:
    """`text` with English stemming: plain words with the domain's synonyms (each word, or any
    of its synonyms, required), or as a web search when it uses quotes, or, -word."""
    groups = term_groups(text)
    if not groups:
        return SearchQuery(text, search_type="websearch", config="english")
    combined = None
    for group in groups:
        alternatives = None
        for word in group:
            one = SearchQuery(word, search_type="phrase" if " " in word else "plain", config="english")
            alternatives = one if alternatives is None else alternatives | one
        combined = alternatives if combined is None else combined & alternatives
    return combined


def _word_start() -> str:
    # PostgreSQL's regular expressions write a word boundary \y; Python's (SQLite's REGEXP) \b.
    return r"\y" if connection.vendor == "postgresql" else r"\b"


def apply_search(queryset, text: str):
    """Keep the rows matching `text` and annotate a `rank` (higher is better)."""
    if not text:
        return queryset
    if using_postgres():
        query = search_query(text)
        return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    word_start = _word_start()
    groups = term_groups(text)
    if groups is None:
        groups = [(term,) for term in query_terms(text)]
    if not groups:
        return queryset.none().annotate(rank=Value(0))
    rank = Value(0)
    for group in groups:
        # A word that starts with the stem ("care" finds "carers", not "healthcare").
        patterns = {word_start + re.escape(rough_stem(word)) for word in group}
        anywhere, in_name, in_summary = Q(), Q(), Q()
        for pattern in patterns:
            anywhere |= (
                Q(name__iregex=pattern)
                | Q(summary__iregex=pattern)
                | Q(body__iregex=pattern)
                | Q(outcomes__iregex=pattern)
            )
            in_name |= Q(name__iregex=pattern)
            in_summary |= Q(summary__iregex=pattern)
        queryset = queryset.filter(anywhere)
        rank = rank + Case(
            When(in_name, then=Value(4)),
            When(in_summary, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    return queryset.annotate(rank=rank)


def suggestion(text: str, names: list[str]) -> str | None:
    """ "Did you mean": `text` with each word that is close to, but not, a known word replaced by
    it (known: the domain's words and the words of `names`), or None when nothing changes."""
    vocabulary = set(DOMAIN_WORDS)
    for name in names:
        vocabulary.update(word for word in _WORD.findall(name.lower()) if len(word) > 3)
    changed, words = False, []
    for token in text.split():
        lower = token.lower()
        if lower in vocabulary or lower in STOP_WORDS or lower in SYNONYMS or not _WORD.fullmatch(lower):
            words.append(token)
            continue
        close = difflib.get_close_matches(lower, vocabulary, n=1, cutoff=0.75)
        if close:
            words.append(close[0])
            changed = True
        else:
            words.append(token)
    return " ".join(words) if changed else None


def rank_only(queryset, text: str):
    """Annotate the PostgreSQL `rank` of rows already known to match `text`."""
    return queryset.annotate(rank=SearchRank(F("search_vector"), search_query(text)))


def apply_sort(queryset, query: LibraryQuery):
    sort = query.effective_sort
    if sort == "relevance":
        return queryset.order_by("-rank", "name", "pk")
    if sort == "year":
        return queryset.order_by(F("year_spun_out").desc(nulls_last=True), "name", "pk")
    return queryset.order_by("name", "pk")


def _facet_values(facet: Facet, selected: list[str]) -> list[str]:
    """Every value a facet can count, "not known" last."""
    if facet.choices is None:
        this_decade = timezone.localdate().year // 10 * 10
        values = [str(decade) for decade in range(this_decade, 1980, -10)]
        values += [value for value in selected if value not in values and value != NOT_KNOWN_VALUE]
    else:
        values = [value for value, _label in facet.choices]
    return values + [NOT_KNOWN_VALUE] if facet.has_unknown else values


def library_version() -> int:
    """A number that changes whenever a case study, a source or a status change is saved or
    deleted (casestudies.apps), or library_changed() is called."""
    return version("library")


def _latest_change():
    from .models import CaseStudy

    return CaseStudy.objects.order_by("-updated_at").values("updated_at")[:1]


# When a case study last changed (the latest of the updated_at index): compiled once per process.
_LATEST_CHANGE = PreparedValues(_latest_change, arity=0)


def library_stamp(request=None, *args, **kwargs) -> tuple:
    """What the library's public pages (list, facets, case study, API) are made of, for their ETag:
    when a case study last changed (one probe of the updated_at index), the library version (also
    bumped by deletions and source changes) and today's date (the decade filters end this year).

    The version is kept on the request (`library_version`), for the facet counts' cache key: the
    page then asks the cache for it once."""
    latest = _LATEST_CHANGE.rows()
    stamp = (latest[0]["updated_at"] if latest else None), library_version(), timezone.localdate()
    if request is not None:
        request.library_version = stamp[1]
    return stamp


def library_changed() -> None:
    """For writes that send no signal (bulk_create, QuerySet.update): cached facet counts are
    stale, now and again when the transaction commits (so that counts read by someone else
    before the commit are not kept under the new version)."""
    bump_version("library")
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # One callback per transaction, however many rows it writes.
        pending = getattr(connection, "_library_bump", None)
        if pending is None or not any(item[1] is pending for item in connection.run_on_commit):
            pending = connection._library_bump = partial(bump_version, "library")
            transaction.on_commit(pending)


def facet_counts(searched, query: LibraryQuery, library_version_read: int | None = None) -> list[dict]:
    """facet_counts_uncached, kept in the cache until the library changes (or FACET_CACHE_SECONDS).

    Counting every option of every facet reads each matching row; over a large library that is
    most of a page's time, and the answer only changes when a case study does.
    `library_version_read`: the library version, when this request has read it already."""
    if library_version_read is None:
        library_version_read = library_version()
    key = f"library-facets:{library_version_read}:{hashlib.sha256(urlencode(query.params()).encode()).hexdigest()}"
    facets = cache.get(key)
    if facets is None:
        facets = facet_counts_uncached(searched, query)
        cache.set(key, facets, FACET_CACHE_SECONDS)
    return facets


def facet_counts_uncached(searched, query: LibraryQuery) -> list[dict]:
    """For each facet, the options with their counts under the query and the other facets' filters.

    Facets that share the same filters are counted together in one pass over the rows
    (conditional counts), so the page costs one query plus one per filtered facet.
    """
    groups: dict[str | None, list[Facet]] = {}
    for facet in FACETS:
        groups.setdefault(facet.key if facet.key in query.filters else None, []).append(facet)
    counts: dict[str, dict[str, int]] = {}
    for except_facet, facets in groups.items():
        aggregates, keys = {}, {}
        for facet in facets:
            for value in _facet_values(facet, query.filters.get(facet.key, [])):
                alias = f"n{len(aggregates)}"
                aggregates[alias] = Count("pk", filter=_filter_q(facet, [value]))
                keys[alias] = (facet.key, value)
        totals = apply_filters(searched, query.filters, except_facet=except_facet).aggregate(**aggregates)
        for alias, (key, value) in keys.items():
            counts.setdefault(key, {})[value] = totals[alias] or 0
    facets = []
    for facet in FACETS:
        selected = query.filters.get(facet.key, [])
        options = [
            {
                "value": value,
                "label": facet_value_label(facet, value),
                "count": count,
                "checked": value in selected,
                "id": f"{facet.key}-{value}",
            }
            for value, count in counts[facet.key].items()
            if count or value in selected
        ]
        facets.append({"key": facet.key, "label": facet.label, "options": options, "selected": len(selected)})
    return facets


def count_from_facets(facets: list[dict]) -> int:
    """The number of rows under all of the query's filters, read from its facet counts.

    Every case study is either a public service mutual or not, so the "kind" facet's options split
    the rows its count covers (the search and every other facet's filters) in two: its chosen
    options (both, when none is chosen) add up to the rows shown, and no query need count them."""
    kind = next(facet for facet in facets if facet["key"] == "kind")
    return sum(option["count"] for option in kind["options"] if option["checked"] or not kind["selected"])


def selected_filters(query: LibraryQuery) -> list[dict]:
    """The chosen filters, each with a link that removes it."""
    chosen = []
    for facet in FACETS:
        for value in query.filters.get(facet.key, []):
            chosen.append(
                {
                    "facet": facet.label,
                    "label": facet_value_label(facet, value),
                    "remove": query.querystring(without=(facet.key, value)),
                }
            )
    return chosen


@lru_cache(maxsize=128)
def _stems_pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    """Words starting with a search term's stem (the longest stems first), or None when no term has one:
    made once for a search's terms, which each result's name and summary are marked with."""
    stems = sorted({rough_stem(term) for term in terms if len(term) >= 2}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.IGNORECASE)


def highlight(text: str, terms: list[str]):
    """Escape `text`, then wrap words starting with a search term's stem in <mark>."""
    if not text:
        return ""
    pattern = _stems_pattern(tuple(terms))
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above
