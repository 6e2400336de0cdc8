"""scripts/backup.sh and scripts/restore.sh: a backup of a seeded database restores into a fresh one
with every row of every table. Runs the scripts as an operator would, against throwaway databases
on the PostgreSQL server of DATABASE_URL, and drops them afterwards."""

import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from psycopg2 import sql

from accounts.models import User
from casestudies.models import CaseStudy
from challenges.models import Decision, ExpressionOfInterest
from journeys.models import Evidence, Journey, StageChange
from programme.models import SupportAllocation

ROOT = Path(__file__).resolve().parent.parent
# Tables whose whole content (every column of every row) must come back byte for byte.
KEY_TABLES = [
    model._meta.db_table
    for model in (User, Journey, StageChange, Evidence, ExpressionOfInterest, Decision, SupportAllocation, CaseStudy)
]


def _connect(database: str):
    db = settings.DATABASES["default"]
    connection = psycopg2.connect(
        dbname=database,
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"],
        port=db["PORT"] or 5432,
    )
    connection.autocommit = True
    return connection


def _url(database: str) -> str:
    base, _, options = os.environ["DATABASE_URL"].partition("?")
    return f"{base.rsplit('/', 1)[0]}/{database}" + (f"?{options}" if options else "")


def _tables(database: str) -> dict[str, int]:
    with closing(_connect(database)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        names = [row[0] for row in cursor.fetchall()]
        counts = {}
        for name in names:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
            counts[name] = cursor.fetchone()[0]
    return counts


def _checksum(database: str, table: str) -> str:
    with closing(_connect(database)) as connection, connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id), '')) FROM {} AS t").format(
                sql.Identifier(table)
            )
        )
        return cursor.fetchone()[0]


def _run(*command, env) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def throwaway_databases():
    names = [f"mutuals_backup_source_{os.getpid()}", f"mutuals_backup_copy_{os.getpid()}"]
    admin = _connect("postgres")
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(names[0])))
    yield names
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    admin.close()


@pytest.mark.needs_postgres
def test_a_backup_restores_into_a_fresh_database_with_every_row(throwaway_databases, tmp_path):
    source, copy = throwaway_databases
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(DATABASE_URL=_url(source), MEDIA_ROOT=str(tmp_path / "media"), CELERY_DATA_DIR=str(tmp_path / "q"))
    for step in (["migrate", "--noinput"], ["seed_demo"]):
        done = _run(sys.executable, "manage.py", *step, env=env)
        assert done.returncode == 0, done.stderr

    backup = _run("scripts/backup.sh", str(tmp_path / "backups"), env=env)
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip().splitlines()[-1])
    assert dump.parent == tmp_path / "backups"
    assert dump.name.startswith(f"{source}-") and dump.suffix == ".dump"
    assert oct(dump.stat().st_mode & 0o777) == "0o600"
    assert list(dump.parent.iterdir()) == [dump]  # no partial file left behind

    restore = _run("scripts/restore.sh", str(dump), copy, env=env)
    assert restore.returncode == 0, restore.stderr

    counts = _tables(source)
    assert len(counts) > 40
    assert all(counts[table] > 0 for table in KEY_TABLES), {table: counts[table] for table in KEY_TABLES}
    assert _tables(copy) == counts
    for table in KEY_TABLES:
        assert _checksum(copy, table) == _checksum(source, table), table

    # A second restore into the same (now full) database is refused and changes nothing.
    again = _run("scripts/restore.sh", str(dump), copy, env=env)
    assert again.returncode == 1
    assert f"database {copy} is not empty" in again.stderr
    assert _tables(copy) == counts


def test_the_scripts_refuse_a_database_that_is_not_postgresql(tmp_path):
    env = {**os.environ, "DATABASE_URL": "sqlite:///db.sqlite3"}
    backup = _run("scripts/backup.sh", str(tmp_path / "backups"), env=env)
    assert backup.returncode == 1
    assert "not a PostgreSQL URL" in backup.stderr
    assert not (tmp_path / "backups").exists()
    restore = _run("scripts/restore.sh", str(tmp_path / "x.dump"), "copy", env=env)
    assert restore.returncode == 1
    assert "not a PostgreSQL URL" in restore.stderr


def test_restore_refuses_a_database_name_that_is_not_plain(tmp_path):
    dump = tmp_path / "x.dump"
    dump.write_bytes(b"PGDMP")
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    restore = _run("scripts/restore.sh", str(dump), 'x"; DROP DATABASE live; --', env=env)
    assert restore.returncode == 1
    assert "plain name" in restore.stderr
