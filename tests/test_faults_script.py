"""`make faults` (scripts/faults.py) runs outside CI, so it must not rot silently: its check list is valid,
each check is run by a scenario, the README reports each one, and its own helpers are right."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from django_otp.oath import TOTP

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "faults.py"


@pytest.fixture(scope="module")
def faults():
    spec = importlib.util.spec_from_file_location("faults_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_dry_run_lists_every_check_and_starts_nothing(faults):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--dry-run"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert listed == [check.key for check in faults.CHECKS]


def test_every_check_belongs_to_a_scenario_that_runs_it(faults):
    keys = [check.key for check in faults.CHECKS]
    assert len(keys) == len(set(keys)) >= 10
    assert list(faults.RUNNERS) == faults.SCENARIOS
    for key in keys:
        assert key.split(".")[0] in faults.SCENARIOS, key
    for scenario in faults.SCENARIOS:
        assert any(key.startswith(scenario + ".") for key in keys), f"{scenario} runs no check"


def test_the_readme_gives_the_last_result_of_every_check(faults):
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Fault checks", 1)[1].split("\n## ", 1)[0]
    for check in faults.CHECKS:
        assert f"`{check.key}`" in section, f"README's Fault checks section does not report {check.key}"
    assert "make faults" in section


def test_make_faults_runs_the_script():
    makefile = (ROOT / "Makefile").read_text()
    assert "\nfaults:" in makefile and "scripts/faults.py" in makefile


def test_the_script_signs_in_with_the_codes_an_authenticator_app_shows(faults):
    key = bytes(range(20))
    secret = " ".join(faults.base64.b32encode(key).decode()[i : i + 4] for i in range(0, 32, 4))
    for moment in (0, 59, 1_700_000_000, 2_000_000_029):
        app = TOTP(key, step=30, t0=0, digits=6)
        app.time = moment
        assert faults.totp(secret, at=moment) == f"{app.token():06d}"


def test_the_load_counts_requests_and_errors_by_when_they_started(faults):
    load = faults.Load(visits=[(faults.Browser(1), "/")], threads=1)
    load.hits = [faults.Hit(1.0, 0.1, True), faults.Hit(2.0, 0.1, False), faults.Hit(3.0, 0.1, True)]
    assert faults.counts(load.between(1.5, 10)) == "2 req/1 err"
    assert faults.counts(load.between(0, 1.5)) == "1 req/0 err"


def test_the_pack_request_the_script_posts_is_one_the_pack_form_takes(faults):
    """The script asks for a pack as the pack list's form does: when the form changes (it once gained the choice of
    documents and the script's bare POST was refused with 200), this fails here rather than in `make faults`."""
    from django.http import QueryDict
    from django.utils.http import urlencode

    from packs.forms import PackRequestForm
    from packs.models import BusinessPlanPack

    form = PackRequestForm(QueryDict(urlencode(faults.PACK_REQUEST, doseq=True)))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["formats"] == [BusinessPlanPack.Format.BUSINESS_PLAN]
    assert not PackRequestForm(QueryDict("")).is_valid()
