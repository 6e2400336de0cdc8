"""mutuals_portal.lib.prepared: a query compiled once answers each call from the database, like its queryset."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from journeys.gates import plan_facts
from journeys.models import Ballot, GateRequest, Journey, MutualDesign, Stage
from mutuals_portal.lib.choices import LegalForm, OwnershipModel
from mutuals_portal.lib.prepared import CountStatements, PreparedModels, PreparedValues
from tests.journeys.factories import make_journey

pytestmark = pytest.mark.django_db


def _facts_query(journey_pk):
    latest_ballot = Ballot.objects.filter(journey=OuterRef("pk")).order_by("-held_on", "-pk")
    return (
        Journey.objects.filter(pk=journey_pk)
        .annotate(
            has_ballot=Exists(Ballot.objects.filter(journey=OuterRef("pk"))),
            ballot_held_on=Subquery(latest_ballot.values("held_on")[:1]),
        )
        .values("stage", "has_ballot", "ballot_held_on")
    )


def test_each_call_runs_with_its_own_value_and_sees_the_data_as_it_is_now(django_assert_num_queries):
    first, second = make_journey(), make_journey()
    prepared = PreparedValues(_facts_query)
    assert prepared.rows(first.pk) == list(_facts_query(first.pk))
    Ballot.objects.create(journey=second, held_on=datetime.date(2026, 3, 2), eligible=40, votes_for=30, votes_against=5)
    with django_assert_num_queries(1):
        rows = prepared.rows(second.pk)
    # Converted as the queryset converts them (on SQLite a boolean comes back as 0/1 and a date as text).
    assert rows == [{"stage": second.stage, "has_ballot": True, "ballot_held_on": datetime.date(2026, 3, 2)}]
    assert rows[0]["has_ballot"] is True  # 1 == True: the converter is checked by identity
    assert rows == list(_facts_query(second.pk))
    assert prepared.rows(first.pk) == [{"stage": first.stage, "has_ballot": False, "ballot_held_on": None}]
    assert prepared.rows(10**9) == []


def test_a_query_whose_value_does_not_appear_exactly_once_is_refused():
    with pytest.raises(ImproperlyConfigured, match="appear once"):
        PreparedValues(lambda pk: Journey.objects.filter(stage=Stage.EXPLORE).values("pk")).rows(1)
    with pytest.raises(ImproperlyConfigured, match="appear once"):
        PreparedValues(lambda pk: Journey.objects.filter(pk=pk).exclude(pk=pk).values("pk")).rows(1)
    with pytest.raises(ImproperlyConfigured, match="values"):
        PreparedValues(lambda pk: Journey.objects.filter(pk=pk)).rows(1)
    with pytest.raises(TypeError):
        PreparedValues(_facts_query).rows(1, 2)


def test_plan_facts_answers_what_the_queryset_answers(journey):
    before = plan_facts(journey)
    assert before == _facts_from_queryset(journey)
    assert before["has_design"] is False and before["pending_gate_from"] is None
    MutualDesign.objects.create(
        journey=journey, legal_form=LegalForm.CBS, ownership_model=OwnershipModel.EMPLOYEE_OWNED
    )
    GateRequest.objects.create(journey=journey, from_stage=Stage.EXPLORE, to_stage=Stage.SUPPORT)
    after = plan_facts(journey)
    assert after == _facts_from_queryset(journey)
    assert after["has_design"] is True and after["legal_form"] == LegalForm.CBS
    assert after["pending_gate_from"] == Stage.EXPLORE and after["pending_gate_requested_at"] is not None
    journey.delete()
    with pytest.raises(Journey.DoesNotExist):
        plan_facts(journey)


# PreparedModels: instances made as the queryset makes them -------------------------------------------------------


def _tasks_query(journey_pk):
    from django.db.models import Count

    from journeys.models import Task

    return (
        Task.objects.filter(journey_id=journey_pk)
        .select_related("definition__stage", "owner")
        .only("status", "due_on", "definition__title", "definition__stage__order", "owner__full_name")
        .annotate(evidence_count=Count("evidence"))
        .order_by("definition__stage__order", "definition__order", "definition_id")
    )


def _fields(task) -> tuple:
    return (
        task.pk,
        task.status,
        task.due_on,
        task.evidence_count,
        task.definition.title,
        task.definition.stage.order,
        task.owner.full_name if task.owner_id else None,
    )


def test_prepared_models_make_what_the_queryset_makes_with_related_objects_and_annotations(
    journey, lead, django_assert_num_queries
):
    from journeys.models import Evidence, Task

    other = make_journey()
    prepared = PreparedModels(_tasks_query)
    task = Task.objects.filter(journey=journey).order_by("pk").first()
    task.owner, task.due_on = lead, datetime.date(2027, 1, 31)
    task.save()
    Evidence.objects.create(
        task=task, file="evidence/a.pdf", original_name="a.pdf", kind="pdf", content_type="application/pdf", size=10
    )

    expected = [_fields(t) for t in _tasks_query(journey.pk)]
    with django_assert_num_queries(1):  # the related objects come with the rows
        made = prepared.objects(journey.pk)
        assert [_fields(t) for t in made] == expected
    first = next(t for t in made if t.pk == task.pk)
    assert first.evidence_count == 1 and first.owner.full_name == "Lena Lead"
    assert isinstance(first.due_on, datetime.date)  # converted as Django converts it (text on SQLite)
    assert not first._state.adding and first._state.db == "default"
    # Another value, the data as it is now.
    assert [t.pk for t in prepared.objects(other.pk)] == [t.pk for t in _tasks_query(other.pk)]
    Task.objects.filter(journey=other).delete()
    assert prepared.objects(other.pk) == []
    # A field left out is read when asked for, as with only().
    with django_assert_num_queries(1):
        assert first.notes == task.notes


def test_prepared_models_refuse_what_they_cannot_make():
    with pytest.raises(ImproperlyConfigured, match="plain queryset"):
        PreparedModels(lambda pk: Journey.objects.filter(pk=pk).values("pk")).objects(1)
    with pytest.raises(ImproperlyConfigured, match="plain queryset"):
        PreparedModels(lambda pk: Journey.objects.filter(pk=pk).prefetch_related("tasks")).objects(1)
    with pytest.raises(ImproperlyConfigured, match="appear once"):
        PreparedModels(lambda pk: Journey.objects.filter(stage=Stage.EXPLORE)).objects(1)
    with pytest.raises(TypeError):
        PreparedModels(lambda pk: Journey.objects.filter(pk=pk)).objects(1, 2)


def _facts_from_queryset(journey) -> dict:
    from journeys.gates import _plan_facts_query

    return _plan_facts_query(journey.pk).get()


# CountStatements: SQL kept per key, the count asked of the database every time ---------------------------


def test_a_kept_statement_counts_the_data_as_it_is_at_each_call(journey, django_assert_num_queries):
    statements = CountStatements()
    build_calls = []

    def build():
        build_calls.append(1)
        return Ballot.objects.filter(journey_id=journey.pk)

    assert statements.count("k", build) == 0
    Ballot.objects.create(journey=journey, held_on=datetime.date(2026, 3, 2), eligible=9, votes_for=5, votes_against=1)
    with django_assert_num_queries(1):
        assert statements.count("k", build) == 1
    assert len(build_calls) == 2  # built (twice, to compare) for the first call only


def test_a_build_that_reads_the_database_or_the_clock_is_never_kept(journey):
    from django.utils import timezone

    statements = CountStatements()
    reads = lambda: Journey.objects.filter(pk__in=list(Journey.objects.values_list("pk", flat=True)))  # noqa: E731
    clock = lambda: Journey.objects.filter(created_at__lte=timezone.now())  # noqa: E731
    assert statements.count("reads", reads) == 1
    assert statements.count("clock", clock) == 1
    assert statements._statements == {}
    journey.delete()
    assert statements.count("reads", reads) == 0


def test_old_statements_are_let_go():
    statements = CountStatements(size=2)
    for key in "abc":
        statements.count(key, lambda: Journey.objects.all())
    assert [key for _using, key in statements._statements] == ["b", "c"]


def test_a_query_of_no_value_is_compiled_once_and_answers_as_the_data_is_now():
    prepared = PreparedModels(lambda: Journey.objects.filter(stage=Stage.DESIGN).order_by("pk"), arity=0)
    assert prepared.objects() == []
    journey = make_journey()
    Journey.objects.filter(pk=journey.pk).update(stage=Stage.DESIGN)
    assert [j.pk for j in prepared.objects()] == [journey.pk]


def _quiet_since(before, started_by):
    """A moment and a day as values, the moment named twice."""
    return (
        Journey.objects.filter(Q(last_activity_at__lt=before) | Q(group__deleted_at__lt=before))
        .filter(created_at__date__lte=started_by)
        .order_by("pk")
        .values("pk")
    )


def test_moments_and_days_stand_in_for_themselves_wherever_the_query_names_them(django_assert_num_queries):
    quiet, busy = make_journey(), make_journey()
    now = timezone.now()
    Journey.objects.filter(pk=quiet.pk).update(last_activity_at=now - datetime.timedelta(days=90))
    Journey.objects.filter(pk=busy.pk).update(last_activity_at=now)
    prepared = PreparedValues(_quiet_since, kinds=("datetime", "date"))
    for before, started_by in [
        (now - datetime.timedelta(days=30), timezone.localdate(now)),
        (now + datetime.timedelta(minutes=1), timezone.localdate(now)),
        (now - datetime.timedelta(days=100), timezone.localdate(now)),
        (now + datetime.timedelta(minutes=1), timezone.localdate(now) - datetime.timedelta(days=400)),
    ]:
        with django_assert_num_queries(1):
            rows = prepared.rows(before, started_by)
        assert rows == list(_quiet_since(before, started_by))
    assert prepared.rows(now - datetime.timedelta(days=30), timezone.localdate(now)) == [{"pk": quiet.pk}]
    assert prepared.rows(now + datetime.timedelta(minutes=1), timezone.localdate(now)) == [
        {"pk": quiet.pk},
        {"pk": busy.pk},
    ]


def test_model_instances_of_a_day_value():
    journey = make_journey()
    today = timezone.localdate()
    prepared = PreparedModels(
        lambda day: Journey.objects.filter(created_at__date__lte=day).order_by("pk"), kinds=("date",)
    )
    assert [j.pk for j in prepared.objects(today)] == [journey.pk]
    assert prepared.objects(today - datetime.timedelta(days=1)) == []


def test_kinds_and_their_number_are_checked():
    with pytest.raises(ValueError, match="kinds"):
        PreparedValues(_facts_query, kinds=("moment",))
    with pytest.raises(ValueError, match="at most 8"):
        PreparedValues(_facts_query, kinds=("int",) * 9)
    with pytest.raises(ImproperlyConfigured, match="appear once"):
        # A moment the query never names (it filters on a moment worked out from it).
        PreparedValues(
            lambda before: Journey.objects.filter(last_activity_at__lt=before - datetime.timedelta(days=1)).values(
                "pk"
            ),
            kinds=("datetime",),
        ).rows(timezone.now())


def test_a_paged_query_reads_the_page_it_is_asked_for(django_assert_num_queries):
    journeys = [make_journey() for _ in range(5)]
    Journey.objects.filter(pk__in=[j.pk for j in journeys]).update(stage=Stage.DESIGN)
    prepared = PreparedModels(
        lambda stage: Journey.objects.filter(stage=stage).select_related("group").order_by("-pk"),
        kinds=("text",),
        paged=True,
    )
    expected = [j.pk for j in Journey.objects.filter(stage=Stage.DESIGN).order_by("-pk")]
    for offset in (0, 2, 4, 5):
        with django_assert_num_queries(1):
            page = prepared.objects(Stage.DESIGN, limit=2, offset=offset)
        assert [j.pk for j in page] == expected[offset : offset + 2]
        with django_assert_num_queries(0):
            [j.group.name for j in page]
    assert prepared.objects(Stage.EXPLORE, limit=2, offset=0) == []
    with pytest.raises(TypeError, match="limit"):
        prepared.objects(Stage.DESIGN)
    with pytest.raises(TypeError, match="limit"):
        PreparedModels(lambda pk: Journey.objects.filter(pk=pk)).objects(1, limit=2)


def test_a_paged_query_must_be_ordered_and_not_sliced():
    with pytest.raises(ImproperlyConfigured, match="ordered"):
        PreparedModels(lambda pk: Journey.objects.filter(pk=pk).order_by(), paged=True).objects(1, limit=2)
    with pytest.raises(ImproperlyConfigured, match="ordered"):
        PreparedModels(lambda pk: Journey.objects.filter(pk=pk).order_by("pk")[:3], paged=True).objects(1, limit=2)


# On PostgreSQL: prepared on the server once per connection, run with EXECUTE.


def _executed(queries) -> list[str]:
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.needs_postgres
def test_on_postgresql_a_statement_is_prepared_once_per_connection_and_run_with_execute(django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mutuals_portal.lib.prepared import as_written

    first, second = make_journey(), make_journey()
    prepared = PreparedValues(_facts_query)
    expected = list(_facts_query(first.pk))
    with django_assert_num_queries(1):  # the PREPARE is not one of the page's queries
        assert prepared.rows(first.pk) == expected
    expected = list(_facts_query(second.pk))
    with CaptureQueriesContext(connection) as queries:
        assert prepared.rows(second.pk) == expected
    [executed] = _executed(queries)
    # The journey is the one value passed; the 1 that EXISTS selects, a constant of the query, is written in.
    assert executed.startswith("EXECUTE mutuals_") and executed.endswith(f"({second.pk})")
    written = as_written(executed)
    assert written.startswith('SELECT "journeys_journey"."stage"') and "$1" in written and "%s" not in written
    assert "$2" not in written and 'EXISTS(SELECT CAST(1 AS bigint) AS "a"' in written
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [executed[8:].split("(")[0]])
        assert cursor.fetchone() == (1,)


@pytest.mark.needs_postgres
def test_a_statement_prepared_in_a_transaction_that_failed_still_runs():
    from django.db import transaction

    journey = make_journey()
    prepared = PreparedValues(_facts_query)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert prepared.rows(journey.pk)  # prepared inside the transaction
        raise RuntimeError("rolled back")
    assert prepared.rows(journey.pk) == list(_facts_query(journey.pk))


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_the_statement_again():
    from django.db import connection

    journey = make_journey()
    prepared = PreparedModels(lambda pk: Journey.objects.filter(pk=pk).order_by("pk")[:1])
    assert prepared.objects(journey.pk) == [journey]
    connection.close()  # a lost server session: its statements went with it
    connection.connect()
    assert prepared.objects(journey.pk) == [journey]


@pytest.mark.needs_postgres
def test_moments_days_text_and_pages_are_passed_with_their_types():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    journeys = [make_journey() for _ in range(3)]
    moment = timezone.now() + datetime.timedelta(days=1)
    prepared = PreparedModels(
        lambda stage, before: Journey.objects.filter(stage=stage, created_at__lt=before).order_by("pk"),
        kinds=("text", "datetime"),
        paged=True,
    )
    with CaptureQueriesContext(connection) as queries:
        page = prepared.objects(journeys[0].stage, moment, limit=2, offset=1)
    assert _executed(queries)[0].startswith("EXECUTE mutuals_")
    expected = list(Journey.objects.filter(stage=journeys[0].stage, created_at__lt=moment).order_by("pk")[1:3])
    assert page == expected and len(page) == 2


@pytest.mark.needs_postgres
def test_without_prepare_on_server_or_with_a_value_of_no_declared_type_the_sql_is_sent_whole(settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    journey = make_journey()
    settings.DATABASE_PREPARE_ON_SERVER = False
    prepared = PreparedValues(_facts_query)
    with CaptureQueriesContext(connection) as queries:
        assert prepared.rows(journey.pk) == list(_facts_query(journey.pk))
    assert _executed(queries)[0].startswith('SELECT "journeys_journey"."stage"')


def test_a_server_statement_declares_each_parameter_s_type_and_refuses_a_value_of_no_type():
    from decimal import Decimal

    from mutuals_portal.lib.prepared import _ServerStatement

    moment = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    statement = _ServerStatement.of(
        "SELECT %s, %s, %s, %s, %s, %s WHERE name LIKE '%%x' LIMIT %s",
        [True, 3, "a", Decimal("1.5"), moment, datetime.date(2026, 1, 1), 10],
    )
    assert statement.prepare.endswith(
        " (boolean, bigint, text, numeric, timestamp with time zone, date, bigint)"
        " AS SELECT $1, $2, $3, $4, $5, $6 WHERE name LIKE '%x' LIMIT $7"
    )
    assert statement.execute == f"EXECUTE {statement.name}(%s, %s, %s, %s, %s, %s, %s)"
    plain = _ServerStatement.of("SELECT 1", [])
    assert (plain.prepare, plain.execute) == (f"PREPARE {plain.name} AS SELECT 1", f"EXECUTE {plain.name}")
    # A list (an array), None or another object: no type to declare, the statement is sent whole.
    assert _ServerStatement.of("SELECT %s", [[1, 2]]) is None
    assert _ServerStatement.of("SELECT %s", [None]) is None


def test_a_server_statement_writes_in_the_query_s_constants_and_passes_the_rest():
    from decimal import Decimal

    from mutuals_portal.lib.prepared import _ServerStatement

    moment = datetime.datetime(2026, 1, 1, 9, 30, tzinfo=datetime.UTC)
    params = [True, -3, "active", Decimal("1.5"), moment, datetime.date(2026, 1, 2), "O'Brien", 1.5, 7, moment]
    statement = _ServerStatement.of(
        "SELECT %s, %s, %s, %s, %s, %s, %s, %s WHERE a = %s AND b < %s AND c LIKE '%%x'",
        params,
        constants=frozenset(range(8)),  # the value of each call: the last two
        hidden=frozenset({9}),
    )
    assert statement.text == (
        "SELECT CAST(TRUE AS boolean), CAST(-3 AS bigint), CAST('active' AS text), CAST('1.5' AS numeric), "
        "CAST('2026-01-01T09:30:00+00:00' AS timestamp with time zone), CAST('2026-01-02' AS date), "
        # Text with a quote, and a float, are passed as values rather than written in.
        "$1, $2 WHERE a = $3 AND b < (SELECT $4) AND c LIKE '%x'"
    )
    assert statement.prepare.endswith(
        " (text, double precision, bigint, timestamp with time zone) AS " + statement.text
    )
    assert statement.execute == f"EXECUTE {statement.name}(%s, %s, %s, %s)"
    assert statement.arguments(params) == ["O'Brien", 1.5, 7, moment]


@pytest.mark.needs_postgres
def test_on_postgresql_the_constants_written_in_answer_as_the_queryset_does():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mutuals_portal.lib.prepared import as_written

    quoted, plain, other = make_journey(), make_journey(), make_journey()
    quoted.group.name = "O'Brien's \\ staff"
    quoted.group.save()
    for journey in (quoted, plain):
        journey.status = Journey.Status.ACTIVE
        journey.in_support_programme = True
        journey.save()
    other.status = Journey.Status.PAUSED
    other.save()

    def build(pk_above):
        return (
            Journey.objects.filter(pk__gt=pk_above, status=Journey.Status.ACTIVE, in_support_programme=True)
            .filter(Q(group__name__in=[quoted.group.name, plain.group.name]) | Q(stage=Stage.SPUN_OUT))
            .order_by("pk")
            .values("pk")
        )

    prepared = PreparedValues(build)
    with CaptureQueriesContext(connection) as queries:
        assert prepared.rows(0) == list(build(0)) == [{"pk": quoted.pk}, {"pk": plain.pk}]
    written = as_written(_executed(queries)[0])
    assert "CAST('active' AS text)" in written and f"CAST('{plain.group.name}' AS text)" in written
    assert "O'Brien" not in written  # text with a quote or a backslash is passed as a value
    assert prepared.rows(quoted.pk) == list(build(quoted.pk)) == [{"pk": plain.pk}]


def _plans(statement) -> tuple[int, int]:
    """How often the server used a kept (generic) plan for a prepared statement, and how often it planned a call."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = %s", [statement.name]
        )
        return cursor.fetchone()


@pytest.fixture
def few_server_statements():
    """A server session holding none of the statements earlier tests prepared: a test counting one
    statement's plans must not see the session reach MAX_PREPARED_PER_SESSION (which lets every statement
    go, and their counts with them) part-way through."""
    from django.db import connection

    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    connection._mutuals_prepared = None


@pytest.mark.needs_postgres
def test_on_postgresql_a_one_plan_statement_keeps_one_plan_and_answers_for_each_moment(few_server_statements):

    journeys = [make_journey() for _ in range(4)]
    start = timezone.now()
    for days, journey in enumerate(journeys):
        Journey.objects.filter(pk=journey.pk).update(last_activity_at=start - datetime.timedelta(days=days * 10))

    def build(before):
        return Journey.objects.filter(last_activity_at__lt=before).order_by("last_activity_at", "pk").values("pk")

    kept, planned = (
        PreparedValues(build, kinds=("datetime",), one_plan=True),
        PreparedValues(build, kinds=("datetime",)),
    )
    for call in range(8):
        before = start - datetime.timedelta(days=call * 5 - 1)
        assert kept.rows(before) == planned.rows(before) == list(build(before))

    assert "(SELECT $1)" in kept._compiled["default"].server.text
    generic, custom = _plans(kept._compiled["default"].server)
    assert generic >= 3 and custom <= 5  # one plan kept after the first five calls


@pytest.mark.needs_postgres
def test_on_postgresql_a_kept_count_is_prepared_on_the_server_and_counts_the_data_as_it_is(journey):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mutuals_portal.lib.prepared import as_written

    statements = CountStatements()
    build = lambda: Ballot.objects.filter(journey_id=journey.pk)  # noqa: E731
    assert statements.count("k", build) == 0
    Ballot.objects.create(journey=journey, held_on=datetime.date(2026, 3, 2), eligible=9, votes_for=5, votes_against=1)
    with CaptureQueriesContext(connection) as queries:
        assert statements.count("k", build) == 1
    [executed] = _executed(queries)
    assert executed.startswith("EXECUTE mutuals_")
    assert as_written(executed).startswith("SELECT COUNT(*) FROM (SELECT")


@pytest.mark.needs_postgres
def test_a_server_session_keeps_at_most_so_many_statements_and_prepares_again_those_let_go(monkeypatch):
    from django.db import connection

    from mutuals_portal.lib import prepared as module

    def kept_on_server() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'mutuals_%%'")
            return cursor.fetchone()[0]

    make_journey()
    monkeypatch.setattr(module, "MAX_PREPARED_PER_SESSION", 3)
    statements = CountStatements()
    for stage in list(Stage)[:5]:  # five shapes of count, each its own statement
        expected = Journey.objects.filter(stage=stage).count()
        assert statements.count(stage, lambda stage=stage: Journey.objects.filter(stage=stage)) == expected
        assert kept_on_server() <= 3
    assert kept_on_server() == 2  # let go at the fourth: the fourth and the fifth
    # The first shape, let go on the server, is prepared again and still counts.
    expected = Journey.objects.filter(stage=Stage.EXPLORE).count()
    assert statements.count(Stage.EXPLORE, lambda: Journey.objects.filter(stage=Stage.EXPLORE)) == expected
    assert kept_on_server() == 3


def test_a_statement_let_go_leaves_no_name_behind():
    import gc

    from mutuals_portal.lib.prepared import _by_name, _ServerStatement

    statement = _ServerStatement.of("SELECT %s", [1])
    name = statement.name
    assert _by_name[name] is statement
    del statement
    gc.collect()
    assert name not in _by_name


@pytest.mark.needs_postgres
def test_a_paged_statement_keeps_one_plan_for_its_first_pages_and_plans_a_deep_page_for_its_offset(
    few_server_statements,
):

    from mutuals_portal.lib import prepared as module

    journeys = [make_journey() for _ in range(3)]
    paged = PreparedModels(lambda stage: Journey.objects.filter(stage=stage).order_by("pk"), text=True, paged=True)
    stage = journeys[0].stage
    expected = list(Journey.objects.filter(stage=stage).order_by("pk").values_list("pk", flat=True))
    for _ in range(8):
        assert [j.pk for j in paged.objects(stage, limit=2, offset=1)] == expected[1:3]
    deep = module.SHALLOW_ROWS
    assert paged.objects(stage, limit=2, offset=deep) == []
    compiled = paged._compiled["default"]
    generic, custom = _plans(compiled.shallow)
    assert generic >= 3 and custom <= 5  # one plan kept after the first five calls
    assert _plans(compiled.server) == (0, 1)  # the deep page: planned for its offset
