"""Read-only queries other pages (and other apps) use to show case studies."""

from typing import Any

from django.contrib.postgres.search import SearchRank
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, F, Q, Value, When
from django.db.models.sql import Query

from mutuals_portal.lib.prepared import PreparedModels

from . import search
from .models import CaseStudy

LIST_FIELDS = [
    "name",
    "slug",
    "summary",
    "service_area",
    "region",
    "legal_form",
    "ownership_model",
    "year_spun_out",
    "is_public_service_mutual",
    "trading_status",
    "trading_status_year",
]


def library(params):
    """The published library narrowed by the request's search, filters and sort.

    Returns the cleaned query, the searched rows (before filters, for the facet counts)
    and the results."""
    query = search.LibraryQuery.from_params(params)
    searched = search.apply_search(CaseStudy.objects.published(), query.q)
    results = search.apply_sort(search.apply_filters(searched, query.filters), query)
    return query, searched, results


def ranked_page(query: search.LibraryQuery, searched, number: int) -> tuple[list[CaseStudy], int]:
    """For a relevance-ranked search on PostgreSQL: page `number` (search.PAGE_SIZE rows, LIST_FIELDS
    only) of the most recently published RANKED_MATCHES_LIMIT rows matching the search and filters
    (every match, when there are no more), best first; and how many rows were ranked, plus one when
    there were more matches than that.

    One query reads those rows once, ranks them and returns the page's rows with the number ranked
    (rather than listing every ranked pk for the page to read its rows by pk in a second query)."""
    limit = search.RANKED_MATCHES_LIMIT
    matches = search.apply_filters(searched, query.filters).order_by(*NEWEST_FIRST)
    # Newest first (index casestudy_newest_first) until enough rows match, or from the search index
    # for rarer words; the rank is worked out after the limit, for those rows only.
    newest = matches.values_list("id", "name", "published_at", "search_vector")[: limit + 1]
    newest_sql, newest_params = newest.query.sql_with_params()
    rank_sql, rank_params = _rank_sql(query.q)
    table = CaseStudy._meta.db_table
    columns = ", ".join(f"shown.{connection.ops.quote_name(field.column)}" for field in _LIST_COLUMNS)
    # The newest `limit` rows are ranked; row `limit + 1`, if any, only says that there were more. With
    # no row on the page (none matched, or the page is past the end) the one row still says how many.
    # The SQL is the ORM's: its values are parameters.
    sql = (
        f"WITH ranked AS (SELECT id, name, {rank_sql} AS rank,"  # noqa: S608
        " row_number() OVER (ORDER BY published_at DESC, id DESC) AS n"
        f" FROM ({newest_sql}) AS {table})"
        f" SELECT counted.total, {columns}"
        " FROM (SELECT count(*) AS total FROM ranked) AS counted"
        " LEFT JOIN LATERAL (SELECT id, name, rank FROM ranked WHERE n <= %s"
        " ORDER BY rank DESC, name, id LIMIT %s OFFSET %s) AS page ON true"
        f" LEFT JOIN {table} AS shown ON shown.id = page.id"
        " ORDER BY page.rank DESC, page.name, page.id"
    )
    offset = (number - 1) * search.PAGE_SIZE
    with connection.cursor() as cursor:
        cursor.execute(sql, [*rank_params, *newest_params, limit, search.PAGE_SIZE, offset])
        rows = cursor.fetchall()
    attnames = [field.attname for field in _LIST_COLUMNS]
    shown = [CaseStudy.from_db(connection.alias, attnames, row[1:]) for row in rows if row[1] is not None]
    return shown, rows[0][0]


# The columns ranked_page reads for each row shown: the pk and LIST_FIELDS, in the model's order (as
# Model.from_db takes them). None of these fields converts its value on the way out of the database (a test
# says so).
_LIST_COLUMNS = [field for field in CaseStudy._meta.concrete_fields if field.primary_key or field.name in LIST_FIELDS]


def _rank_sql(text: str) -> tuple[str, list]:
    """The SQL of search.apply_search's rank for `text`, over a row of the case-study table (its
    columns named as the table's)."""
    rows = Query(CaseStudy)
    rank = SearchRank(F("search_vector"), search.search_query(text)).resolve_expression(rows)
    sql, params = rows.get_compiler(connection=connection).compile(rank)
    return sql, list(params)


NEWEST_FIRST = ["-published_at", "-pk"]


def _page_number(query: search.LibraryQuery) -> int:
    try:
        return max(int(query.page), 1)
    except (TypeError, ValueError):
        return 1


def library_page(params, library_version: int | None = None) -> tuple[search.LibraryQuery, Page, list[dict]]:
    """What the library page shows: the query, the page of results and the facet counts.
    `library_version`: as read for the page's ETag (search.library_stamp), if it was."""
    query, searched, results = library(params)
    facets = search.facet_counts(searched, query, library_version)
    if query.q and query.effective_sort == "relevance" and search.using_postgres():
        # With more than RANKED_MATCHES_LIMIT matches, only the newest are ranked (query.limited).
        # No page lies past the limit's last (and PostgreSQL's OFFSET is a bigint).
        number = min(_page_number(query), search.RANKED_MATCHES_LIMIT // search.PAGE_SIZE + 1)
        rows, ranked = ranked_page(query, searched, number)
        query.limited = ranked > search.RANKED_MATCHES_LIMIT
        # The page's numbers from the number ranked; its rows are those ranked_page read.
        numbered: Paginator[Any] = Paginator(range(min(ranked, search.RANKED_MATCHES_LIMIT)), search.PAGE_SIZE)
        if number > numbered.num_pages:  # past the end: the last page, as Paginator.get_page gives
            number = numbered.num_pages
            rows, _ranked = ranked_page(query, searched, number)
        page = numbered.page(number)
        page.object_list = rows
        return query, page, facets
    paginator = Paginator(results.only(*LIST_FIELDS), search.PAGE_SIZE)
    paginator.count = search.count_from_facets(facets)  # the facets counted these rows already
    return query, paginator.get_page(_page_number(query)), facets


RELATED_FIELDS = ["name", "slug", "summary", "service_area", "legal_form", "year_spun_out"]


def related_for(service_area: str | None, legal_form: str | None = None, limit: int = 3, *, exclude_pk=None):
    """Up to `limit` published case studies sharing the service area or legal form.

    Those sharing both come first, then the same service area, then the same legal form, each by
    name. For the journey overview: `related_for(group.service_area, plan.legal_form)`.
    """
    if not service_area and not legal_form:
        return []
    if limit == RELATED_SHOWN and exclude_pk is None:  # the journey overview's: its statements compiled once
        shape = _RELATED[bool(service_area), bool(legal_form)]
        rows = shape.objects(*[value for value in (service_area, legal_form) if value])
    else:
        rows = list(_related_query(service_area, legal_form, limit, exclude_pk))
    if service_area and legal_form and connection.features.supports_slicing_ordering_in_compound:
        # The UNION's tiers, each in name order: put together.
        rows = sorted(rows, key=lambda row: (-row.closeness, row.name))
    return rows[:limit]


def _related_query(service_area, legal_form, limit: int, exclude_pk=None):
    """related_for's query: the first `limit` of each tier, or (where a UNION cannot limit its parts) every
    match with its closeness, first `limit` by closeness and name."""
    published = CaseStudy.objects.published()
    if exclude_pk is not None:
        published = published.exclude(pk=exclude_pk)
    tiers = []  # (closeness, rows): each tier is read in name order from its own index
    if service_area and legal_form:
        tiers.append((3, published.filter(service_area=service_area, legal_form=legal_form)))
    if service_area:
        same_area = published.filter(service_area=service_area)
        tiers.append((2, same_area.exclude(legal_form=legal_form) if legal_form else same_area))
    if legal_form:
        same_form = published.filter(legal_form=legal_form)
        tiers.append((1, same_form.exclude(service_area=service_area) if service_area else same_form))
    parts = [
        rows.annotate(closeness=Value(closeness)).order_by("name").only(*RELATED_FIELDS) for closeness, rows in tiers
    ]
    if len(parts) == 1:
        return parts[0][:limit]
    if connection.features.supports_slicing_ordering_in_compound:
        # One query: the first `limit` of each tier (PostgreSQL), instead of sorting every match.
        first, *others = [part[:limit] for part in parts]
        return first.union(*others, all=True)
    # SQLite cannot limit the parts of a UNION: one query that sorts every match.
    closeness = Case(When(service_area=service_area, then=Value(2)), default=Value(0)) + Case(
        When(legal_form=legal_form, then=Value(1)), default=Value(0)
    )
    matching = published.filter(Q(service_area=service_area) | Q(legal_form=legal_form))
    return matching.annotate(closeness=closeness).order_by("-closeness", "name").only(*RELATED_FIELDS)[:limit]


RELATED_SHOWN = 3
# The overview's three shapes (service area, legal form, or both known), each compiled once per process.
_RELATED = {
    (True, True): PreparedModels(lambda area, form: _related_query(area, form, RELATED_SHOWN), 2, text=True),
    (True, False): PreparedModels(lambda area: _related_query(area, None, RELATED_SHOWN), text=True),
    (False, True): PreparedModels(lambda form: _related_query(None, form, RELATED_SHOWN), text=True),
}


def related_to(case_study: CaseStudy, limit: int = 3):
    return related_for(case_study.service_area, case_study.legal_form, limit, exclude_pk=case_study.pk)


SUGGESTION_NAMES = 5000


def did_you_mean(query: search.LibraryQuery) -> str | None:
    """For a search that found nothing: the same search with near-miss words corrected, if that
    finds something under the same filters."""
    if not query.q:
        return None
    names = list(CaseStudy.objects.published().order_by().values_list("name", flat=True)[:SUGGESTION_NAMES])
    suggested = search.suggestion(query.q, names)
    if not suggested:
        return None
    found = search.apply_filters(search.apply_search(CaseStudy.objects.published(), suggested), query.filters)
    return suggested if found.exists() else None
