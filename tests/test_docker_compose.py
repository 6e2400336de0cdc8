"""docker-compose.yml cannot run here (no Docker engine); keep it right by reading it."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_defines_the_production_services():
    services = _compose()["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)


def test_web_runs_gunicorn_on_the_project_wsgi_app():
    command = _compose()["services"]["web"]["command"]
    assert command[0] == "gunicorn"
    assert "mutuals_portal.wsgi:application" in command


def test_worker_and_beat_run_celery_for_the_project():
    services = _compose()["services"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "mutuals_portal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "mutuals_portal", "beat"]


def test_app_services_share_postgres_and_redis_and_run_in_production_mode():
    services = _compose()["services"]
    for name in ("web", "worker", "beat", "migrate"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://") and "@db:" in env["DATABASE_URL"]
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert env["DEBUG"] == "0"
        assert services[name]["build"] == "."


def test_migrations_run_before_web_and_workers():
    services = _compose()["services"]
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_the_dockerfile_installs_pango_and_serves_with_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "libpango-1.0-0" in dockerfile and "libharfbuzz-subset0" in dockerfile
    assert "pip install -r requirements.txt" in dockerfile
    assert "npm ci" in dockerfile
    assert '"gunicorn"' in dockerfile


def _redis_options(command: list[str]) -> dict:
    """`redis-server --name value ...` as {name: value}."""
    assert command[0] == "redis-server"
    options, args = {}, command[1:]
    for index, arg in enumerate(args):
        if arg.startswith("--"):
            options[arg[2:]] = args[index + 1] if index + 1 < len(args) else ""
    return options


def test_the_cache_evicts_in_bounded_memory_and_the_broker_never_evicts():
    services = _compose()["services"]
    cache = _redis_options(services["cache"]["command"])
    assert cache["maxmemory-policy"] == "allkeys-lru"
    assert cache["maxmemory"].endswith(("mb", "gb")) and int(cache["maxmemory"][:-2]) > 0
    broker = _redis_options(services["redis"]["command"])
    assert broker["maxmemory-policy"] == "noeviction"
    assert broker["appendonly"] == "yes"
    assert "healthcheck" in services["cache"]


def test_app_services_keep_the_broker_out_of_the_evicting_cache():
    services = _compose()["services"]
    for name in ("web", "worker", "beat", "migrate"):
        env = services[name]["environment"]
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:")
        assert env["CACHE_REDIS_URL"].startswith("redis://cache:")
        assert "cache" in services[name]["depends_on"] or "migrate" in services[name]["depends_on"]
    assert services["migrate"]["depends_on"]["cache"]["condition"] == "service_healthy"
