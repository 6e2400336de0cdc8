"""Queries compiled once and run many times with new values: for a hot query whose shape never changes.

Django builds and compiles a queryset's SQL on every call. For most queries that is cheap, but a query with
many subqueries costs milliseconds of Python per request to build and compile (the journey overview's plan
facts: 19 subqueries, about 5 ms, issue #17) although only one value in it changes between requests. A
`PreparedValues` builds the queryset once per database connection alias, with stand-in values where the
real ones go, keeps Django's SQL and its result converters, and on each call runs that SQL with the real
values. The database still answers every call: nothing is cached but the text of the query.

The queryset's shape must depend on nothing but the stand-ins: no dates of today, no settings read per
request, no user (a moment such as "30 days ago" is one of the values, worked out by the caller). The
stand-ins are integers no table holds, text no one types, or moments in the year 1111; compiling refuses a
query in which a stand-in does not appear among the SQL's parameters (an integer: exactly once).

On PostgreSQL the statement is also prepared on the server (PREPARE, once per database connection) and each
call runs it with EXECUTE: the server parses and analyses it once per connection, and after five calls may
keep a generic plan instead of planning it again (the journey overview's statements spent 2.8 ms planning for
0.8 ms of execution). Each parameter's type is declared from the Python value Django gives it; a statement
with a parameter of another kind (a list, None) is sent whole, as on SQLite. Prepared statements belong to a
server session: behind a pooler in transaction mode (PgBouncer's default) set DATABASE_PREPARE_ON_SERVER=0.
"""

import itertools
import re
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from threading import Lock
from weakref import WeakValueDictionary

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators  # type: ignore[attr-defined]

MAX_VALUES = 8
# Stand-ins for the values of a call, by kind:
_STAND_INS = {
    # integers that cannot be a primary key or a count in this portal;
    "int": tuple(-7_305_118_421 - index for index in range(MAX_VALUES)),
    # the same for a 32-bit column (django_otp's device ids), which Django finds nothing for past its range;
    "int32": tuple(-2_073_118_421 - index for index in range(MAX_VALUES)),
    # text no one types (it starts with a NUL, which PostgreSQL refuses to store);
    "text": tuple(f"\x00stand-in-{index + 1}" for index in range(MAX_VALUES)),
    # moments and days of the year 1111, which no record of this portal has.
    "datetime": tuple(datetime(1111, 1, index + 1, 1, 2, 3, 456_789, tzinfo=UTC) for index in range(MAX_VALUES)),
    "date": tuple(date(1111, 2, index + 1) for index in range(MAX_VALUES)),
}
# The kinds whose stand-in may appear more than once in a query: none can be mistaken for the query's own value.
_REPEATABLE = frozenset({"text", "datetime", "date"})


def _adapter(kind: str, using: str):
    """How the database alias `using` is given a value of this kind, as Django's fields give it (a moment
    on SQLite: text in UTC), or None when it is passed as it is."""
    ops = connections[using].ops
    return {"datetime": ops.adapt_datetimefield_value, "date": ops.adapt_datefield_value}.get(kind)


# The PostgreSQL type of a parameter, by the Python type Django gives the database (bool before int: a bool
# is an int). A value of a type not listed makes the statement run unprepared.
_SERVER_TYPES = (
    (bool, "boolean"),
    (int, "bigint"),
    (str, "text"),
    (Decimal, "numeric"),
    (float, "double precision"),
    (datetime, None),  # timestamptz or timestamp: see _server_type
    (date, "date"),
)
_PLACEHOLDER = re.compile(r"%[%s]")
_names = itertools.count(1)
_EXECUTE = re.compile(r"EXECUTE (mutuals_\d+)\b")
# Each server statement by its name, for reading a captured EXECUTE: weakly, so that a statement let go (a count's
# of CountStatements, evicted) takes its entry with it.
_by_name: "WeakValueDictionary[str, _ServerStatement]" = WeakValueDictionary()


def as_written(sql: str) -> str:
    """The SQL that a captured `EXECUTE mutuals_N(...)` runs (as prepared, with $1... for its values); any
    other SQL as it is. For tests and logs that look for a table or a clause in the queries a page ran."""
    found = _EXECUTE.match(sql)
    statement = _by_name.get(found.group(1)) if found else None
    return statement.text if statement is not None else sql


def _server_type(value) -> str | None:
    for kind, name in _SERVER_TYPES:
        if isinstance(value, kind):
            if kind is datetime:
                return "timestamp with time zone" if value.tzinfo is not None else "timestamp without time zone"
            return name
    return None


def _literal(value, kind: str) -> str | None:
    """A constant of the query's own shape (a status, a flag, a fixed number) as SQL of the type `kind` its
    parameter would be declared with, or None when it is passed as a value instead (text with a quote, a
    backslash or a NUL; a float)."""
    if isinstance(value, bool):
        written = "TRUE" if value else "FALSE"
    elif isinstance(value, int):
        written = str(value)
    elif isinstance(value, str | Decimal | date):  # a datetime is a date
        written = value.isoformat() if isinstance(value, date) else str(value)
        if any(character in written for character in "'\\\x00"):
            return None
        written = f"'{written}'"
    else:
        return None
    return f"CAST({written} AS {kind})"


@dataclass(frozen=True)
class _ServerStatement:
    """A statement prepared on a PostgreSQL server: its name, the PREPARE that makes it, and the EXECUTE
    (with Django's placeholders, one per value passed) that runs it.

    The constants of a query's shape (`constants`: their places among the parameters) are written into the
    statement rather than passed on each call: the server then plans with them, as with a query sent whole.
    A plan it keeps for the statement (a generic plan) can use a partial index whose condition names one (a
    status) and counts the rows that match it, where a value it cannot see leaves it guessing (the triage
    queue's statuses: every call planned again, for want of a kept plan that looked as good)."""

    name: str
    prepare: str
    execute: str
    text: str  # the SQL as prepared, with $1... for its values
    passed: tuple[int, ...]  # the places, among the parameters, of those passed on each call

    @classmethod
    def of(
        cls, sql: str, params, constants: frozenset[int] = frozenset(), hidden: frozenset[int] = frozenset()
    ) -> "_ServerStatement | None":
        found = [_server_type(param) for param in params]
        if None in found:
            return None
        types = [str(kind) for kind in found]
        written = {
            index: literal for index in constants if (literal := _literal(params[index], types[index])) is not None
        }
        passed = tuple(index for index in range(len(params)) if index not in written)
        declared_types = [types[index] for index in passed]
        places = iter(range(len(params)))
        numbers = itertools.count(1)

        def placeholder(match) -> str:
            # psycopg2's placeholders as PostgreSQL's: %s the next $n (its constant, written in; a value
            # `hidden` from the planner, as a sub-select), %% a %.
            if match.group() == "%%":
                return "%"
            place = next(places)
            if place in written:
                return written[place]
            return f"(SELECT ${next(numbers)})" if place in hidden else f"${next(numbers)}"

        text = _PLACEHOLDER.sub(placeholder, sql)
        name = f"mutuals_{next(_names)}"
        declared = f" ({', '.join(declared_types)})" if declared_types else ""
        arguments = f"({', '.join(['%s'] * len(declared_types))})" if declared_types else ""
        statement = cls(
            name=name,
            prepare=f"PREPARE {name}{declared} AS {text}",
            execute=f"EXECUTE {name}{arguments}",
            text=text,
            passed=passed,
        )
        _by_name[name] = statement
        return statement

    def arguments(self, params) -> list:
        """What EXECUTE is given of a call's parameters: those not written into the statement."""
        return [params[index] for index in self.passed]


def _value_places(positions: tuple[tuple[int, ...], ...]) -> frozenset[int]:
    """Where a call's values go among a compiled query's parameters (each stand-in's places, together)."""
    return frozenset(place for places in positions for place in places)


def _on_server(connection) -> bool:
    return connection.vendor == "postgresql" and getattr(settings, "DATABASE_PREPARE_ON_SERVER", True)


# The most statements one server session keeps prepared. The fixed queries are a few dozen; a count whose shape
# depends on who asks (CountStatements) adds one per shape, so past this many all are let go (DEALLOCATE ALL)
# and each is prepared again on its next use: a long-lived connection's memory on the server stays bounded.
MAX_PREPARED_PER_SESSION = 200


def _prepare_once(connection, cursor, statement: _ServerStatement) -> None:
    """PREPARE `statement` on this server session unless it already was. The names prepared are kept with
    the session's own connection object: a new connection (after a close, a lost server) starts with none.
    A prepared statement outlives a rollback, so one made inside a transaction that fails stays valid."""
    raw = connection.connection
    kept = getattr(connection, "_mutuals_prepared", None)
    if kept is None or kept[0] is not raw:
        kept = (raw, set[str]())
        connection._mutuals_prepared = kept
    if statement.name not in kept[1]:
        # Straight to the driver: neither is one of the page's queries (they are counted), and neither has
        # parameters for the driver to fill in.
        if len(kept[1]) >= MAX_PREPARED_PER_SESSION:
            cursor.cursor.execute("DEALLOCATE ALL")
            kept[1].clear()
        cursor.cursor.execute(statement.prepare)
        kept[1].add(statement.name)


@dataclass(frozen=True)
class _Compiled:
    """A statement compiled once: Django's compiler (its converters), the SQL, its parameters with the
    stand-ins, where each stand-in is among them, and on PostgreSQL the statement as the server keeps it."""

    compiler: object
    sql: str
    params: tuple
    positions: tuple[tuple[int, ...], ...]
    adapters: tuple
    server: _ServerStatement | None


@dataclass(frozen=True)
class _CompiledValues(_Compiled):
    names: tuple[str, ...]


class _Prepared(ABC):
    """What PreparedValues and PreparedModels share: the stand-ins, the SQL compiled once per alias, and each call
    run with its own values."""

    def __init__(
        self,
        build: Callable[..., QuerySet],
        arity: int = 1,
        *,
        text: bool = False,
        kinds: tuple[str, ...] | None = None,
        one_plan: bool = False,
    ):
        """`kinds`: the kind of each value, "int" (the default), "int32" (for a 32-bit column), "text" (a
        service area, say), "datetime" or "date"; the number of values is their number. `text`: every value
        is text. A text, moment or day stands in for itself wherever the query names it (such a stand-in
        cannot be mistaken for a value of the query's own). `arity` 0: a query that takes no value (a fixed
        list, say).

        `one_plan`: on PostgreSQL the values are passed as sub-selects, which the server does not look into
        when it costs a plan, so after five calls it keeps one plan for the statement instead of planning
        every call for its values (a moment such as "60 days ago" changes on every call, and the server plans
        afresh each time a plan kept for any moment reckons more rows than one made for this one). For a
        query whose best plan does not depend on its values: the same index and join whatever they are."""
        if kinds is None:
            kinds = ("text" if text else "int",) * arity
        if len(kinds) > MAX_VALUES or any(kind not in _STAND_INS for kind in kinds):
            raise ValueError(f"at most {MAX_VALUES} values, each of the kinds {', '.join(_STAND_INS)}")
        self._build = build
        self._kinds = tuple(kinds)
        self._arity = len(kinds)
        self._stand_ins = tuple(_STAND_INS[kind][index] for index, kind in enumerate(kinds))
        self._one_plan = one_plan
        self._compiled: dict = {}
        self._lock = Lock()

    def _server_statement(self, sql: str, params, positions, page: tuple = ()) -> "_ServerStatement | None":
        """`sql` as a PostgreSQL server keeps it: the query's constants (every parameter but a call's values
        and the page's limit and offset) written in, and with `one_plan` its values passed as sub-selects."""
        values = _value_places(positions)
        constants = frozenset(index for index in range(len(params)) if index not in values)
        return _ServerStatement.of(sql, [*params, *page], constants, values if self._one_plan else frozenset())

    @abstractmethod
    def _compile(self, using: str) -> _Compiled:
        """The statement for the database alias `using`, built from `build` with the stand-ins."""

    def _placing(self, sql: str, params, using: str, page: tuple = ()) -> dict:
        """Where each stand-in is among the SQL's parameters (as the database is given it), how each value
        is adapted for it, and the statement as a PostgreSQL server keeps it (`page`: the stand-ins of the
        limit and offset appended to the parameters): the fields of _Compiled that say how to run it."""
        positions = []
        adapters = tuple(_adapter(kind, using) for kind in self._kinds)
        for kind, stand_in, adapt in zip(self._kinds, self._stand_ins, adapters, strict=True):
            given = adapt(stand_in) if adapt else stand_in
            found = tuple(index for index, param in enumerate(params) if param == given)
            if len(found) != 1 and not (found and kind in _REPEATABLE):
                raise ImproperlyConfigured(f"each value must appear once in the query's parameters: {params!r}")
            positions.append(found)
        server = None
        if connections[using].vendor == "postgresql":
            server = self._server_statement(sql, params, tuple(positions), page)
        return {
            "sql": sql,
            "params": tuple(params),
            "positions": tuple(positions),
            "adapters": adapters,
            "server": server,
        }

    def _run(self, values, using: str, page: tuple = ()):
        """The compiled query (compiled now on the alias's first call) and the rows it fetched for `values`
        (and the `page`'s limit and offset, after them, for a paged query)."""
        if len(values) != self._arity:
            raise TypeError(f"expected {self._arity} value(s), got {len(values)}")
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using) or self._compile(using)
                self._compiled[using] = compiled
        params = list(compiled.params)
        for places, adapt, value in zip(compiled.positions, compiled.adapters, values, strict=True):
            given = adapt(value) if adapt else value
            for place in places:
                params[place] = given
        connection = connections[using]
        server = compiled.server
        shallow = getattr(compiled, "shallow", None)
        if page and shallow is not None and page[0] + page[1] <= SHALLOW_ROWS:
            server = shallow
        with connection.cursor() as cursor:
            if server is not None and _on_server(connection):
                _prepare_once(connection, cursor, server)
                cursor.execute(server.execute, server.arguments([*params, *page]))
            else:
                cursor.execute(compiled.sql, [*params, *page])
            return compiled, cursor.fetchall()


class PreparedValues(_Prepared):
    """`build(*values)` returns a `.values(...)` queryset; `rows(*values)` runs it as a list of dicts."""

    def _compile(self, using: str) -> _CompiledValues:
        query = self._build(*self._stand_ins).query
        if not query.values_select and not query.annotation_select:
            raise ImproperlyConfigured("PreparedValues needs a .values(...) queryset")
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
        return _CompiledValues(compiler=compiler, names=names, **self._placing(sql, params, using))

    def rows(self, *values, using: str = DEFAULT_DB_ALIAS) -> list[dict]:
        compiled, fetched = self._run(values, using)
        # Django's own converters (booleans and dates on SQLite, time zones), as the queryset would apply.
        converted: Iterator = compiled.compiler.results_iter(results=[fetched], tuple_expected=True)
        return [dict(zip(compiled.names, row, strict=True)) for row in converted]


# A paged statement's first pages on PostgreSQL. The server keeps one plan for a prepared statement (a generic
# plan) only when it looks no dearer than planning each call afresh; given its LIMIT and OFFSET as values, it
# reckons a tenth of the rows are read and so plans every call (the register's page: 0.8 ms planning for 0.2 ms
# of reading, every request). Its first pages pass them as sub-selects, which it does not look into when it
# costs either kind of plan, so it keeps one plan; a page past this many rows is planned for its own offset
# (the kept plan reads its way there row by row, which a plan made for a deep offset avoids).
SHALLOW_ROWS = 500


class PreparedModels(_Prepared):
    """Like PreparedValues, for a queryset of model instances: `build(*values)` returns a queryset (filters,
    select_related, only/defer, annotations, ordering and a slice; no prefetch_related, no values()), and
    `objects(*values)` runs its SQL, compiled once per alias with stand-ins, and makes the instances as Django
    does (its own converters, the related objects of select_related, the annotations). For the few queries
    every journey page runs (the journey, the person's membership, the tasks): building and compiling each
    costs more Python than running it.

    `paged=True`: the queryset is ordered and not sliced, and each call names the page it reads
    (`objects(*values, limit=25, offset=50)`), passed to the database as two more parameters."""

    def __init__(self, build: Callable[..., QuerySet], arity: int = 1, *, paged: bool = False, **kwargs):
        super().__init__(build, arity, **kwargs)
        self._paged = paged

    def _compile(self, using: str) -> "_CompiledModels":
        queryset = self._build(*self._stand_ins)
        if (
            queryset._iterable_class is not ModelIterable
            or queryset._prefetch_related_lookups  # type: ignore[attr-defined]
            or queryset._known_related_objects  # type: ignore[attr-defined]
        ):
            raise ImproperlyConfigured("PreparedModels needs a plain queryset of model instances")
        if self._paged and (queryset.query.is_sliced or not queryset.ordered or queryset.query.combinator):
            raise ImproperlyConfigured("a paged PreparedModels needs an ordered queryset that is not sliced")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        # The page's rows: LIMIT and OFFSET as parameters (PostgreSQL and SQLite alike), after the parameters of
        # the query, so that no stand-in can be found among them.
        placed = self._placing(
            f"{sql} LIMIT %s OFFSET %s" if self._paged else sql, params, using, page=(0, 0) if self._paged else ()
        )
        shallow = None
        if self._paged and connections[using].vendor == "postgresql":
            shallow = self._server_statement(
                f"{sql} LIMIT (SELECT %s) OFFSET (SELECT %s)", params, placed["positions"], page=(0, 0)
            )
        klass_info = compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return _CompiledModels(
            compiler=compiler,
            **placed,
            model=klass_info["model"],
            start=start,
            end=end,
            init_list=tuple(column[0].target.attname for column in compiler.select[start:end]),
            related=tuple(get_related_populators(klass_info, compiler.select, using)),
            annotations=tuple(compiler.annotation_col_map.items()),
            shallow=shallow,
        )

    def objects(self, *values, using: str = DEFAULT_DB_ALIAS, limit: int | None = None, offset: int = 0) -> list:
        if self._paged != (limit is not None):
            raise TypeError("a paged query is called with a limit, and only a paged query is")
        compiled, fetched = self._run(values, using, page=(limit, offset) if self._paged else ())
        found = []
        init_list = list(compiled.init_list)
        for row in compiled.compiler.results_iter(results=[fetched]):
            instance = compiled.model.from_db(using, init_list, row[compiled.start : compiled.end])
            for populator in compiled.related:
                populator.populate(row, instance)
            for name, position in compiled.annotations:
                setattr(instance, name, row[position])
            found.append(instance)
        return found


class PagedRows:
    """A paged PreparedModels's instances for `values`, as Django's Paginator reads them: how many there are
    (`count`, worked out by the caller: counted with other numbers, or kept) and a page of them when sliced, read
    with its limit and offset."""

    def __init__(self, prepared: PreparedModels, *values, count: Callable[[], int]):
        self._prepared = prepared
        self._values = values
        self._count = count

    def count(self) -> int:
        return self._count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice) or index.step is not None or index.start is None or index.stop is None:
            raise TypeError("read a page at a time: [start:stop]")
        return self._prepared.objects(*self._values, limit=index.stop - index.start, offset=index.start)


@dataclass(frozen=True)
class _CompiledModels(_Compiled):
    model: type[Model]
    start: int
    end: int
    init_list: tuple[str, ...]
    related: tuple
    annotations: tuple
    shallow: _ServerStatement | None = None  # a paged statement's first pages (SHALLOW_ROWS), on PostgreSQL


class _ReadWhileBuilding(Exception):
    pass


def _refuse(execute, sql, params, many, context):
    raise _ReadWhileBuilding


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple
    server: _ServerStatement | None = None  # on PostgreSQL: the statement as the server keeps it


class CountStatements:
    """The SQL of a count whose shape depends on who asks (their row, say), compiled once per key and
    process and run on every call: the database decides every time, from the data as it is then.

    `count(key, build)`: `build()` returns the queryset to count; `key` must hold everything `build`
    reads (all of it: the statement is reused for the same key). What is kept is SQL text and its
    parameters, never a result. A statement is kept only when building it reads nothing from the
    database (so that no data it found could go stale) and building it twice gives the same SQL and
    parameters (nothing in it depends on the clock); otherwise the queryset is simply counted."""

    def __init__(self, size: int = 512):
        self._size = size
        self._statements: OrderedDict[object, _Statement] = OrderedDict()
        self._lock = Lock()

    def count(self, key, build: Callable[[], QuerySet], using: str = DEFAULT_DB_ALIAS) -> int:
        key = (using, key)
        with self._lock:
            statement = self._statements.get(key)
            if statement is not None:
                self._statements.move_to_end(key)
        if statement is None:
            statement = self._compile(build, using)
            if statement is None:
                return build().count()
            with self._lock:
                self._statements[key] = statement
                while len(self._statements) > self._size:
                    self._statements.popitem(last=False)
        connection = connections[using]
        with connection.cursor() as cursor:
            if statement.server is not None and _on_server(connection):
                _prepare_once(connection, cursor, statement.server)
                cursor.execute(statement.server.execute, statement.server.arguments(statement.params))
            else:
                cursor.execute(statement.sql, statement.params)
            return cursor.fetchone()[0]

    @staticmethod
    def _compile(build: Callable[[], QuerySet], using: str) -> "_Statement | None":
        try:
            with connections[using].execute_wrapper(_refuse):
                first = build().order_by().values("pk").query.get_compiler(using=using).as_sql()
                second = build().order_by().values("pk").query.get_compiler(using=using).as_sql()
        except _ReadWhileBuilding:
            return None
        if first[0] != second[0] or tuple(first[1]) != tuple(second[1]):
            return None
        # Django's own SQL, its values passed as parameters: nothing typed by anyone is pasted in.
        sql = f"SELECT COUNT(*) FROM ({first[0]}) counted"  # noqa: S608
        params = tuple(first[1])
        server = _ServerStatement.of(sql, params) if connections[using].vendor == "postgresql" else None
        return _Statement(sql, params, server)

    def clear(self) -> None:
        with self._lock:
            self._statements.clear()
