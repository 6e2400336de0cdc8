"""groupdata.registry lists every kind of record linked to a staff group (#18, point 4): a new model
linked to a group fails here until it is listed with what deletion and the export do with it, and
what the list says is checked against a real deletion and a real export."""

import io
import zipfile

import pytest
from django.apps import apps
from django.utils import timezone

from groupdata import export
from groupdata.deletion import staff_group_delete
from groupdata.registry import ANONYMISED, DRAFTS_REMOVED, FORGOTTEN, GROUP_DATA, KEPT, REMOVED
from tests.groupdata.group_data import fill_group
from tests.layout import ROOTS, reaches_a_group


def test_every_model_linked_to_a_group_is_listed():
    linked = {m._meta.label for m in apps.get_models() if m._meta.label not in ROOTS and reaches_a_group(m)}
    assert linked - set(GROUP_DATA) == set(), "list these in groupdata/registry.py, with what happens to them"


def test_every_listed_model_exists_and_says_why_it_is_not_exported():
    for label, held in GROUP_DATA.items():
        apps.get_model(label)
        assert held.on_delete in {REMOVED, ANONYMISED, KEPT, FORGOTTEN, DRAFTS_REMOVED}, label
        assert bool(held.export) != bool(held.not_exported_because), label


def _rows(label, journey):
    held = GROUP_DATA[label]
    return held.rows(apps.get_model(label), journey)


@pytest.mark.django_db
def test_a_deletion_does_what_the_list_says(django_capture_on_commit_callbacks):
    filled = fill_group(tag="Listed")
    journey = filled.journey
    listed = [label for label, held in GROUP_DATA.items() if held.path]
    before = {label: _rows(label, journey).count() for label in listed}
    none = [label for label, count in before.items() if count == 0]
    assert none == [], f"fill_group makes one of each: none of {none}"

    deleted_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        staff_group_delete(journey=journey, by=filled.lead)

    after = {label: _rows(label, journey).count() for label in listed}
    for label in listed:
        on_delete = GROUP_DATA[label].on_delete
        if on_delete == FORGOTTEN:  # the anonymised record starts a new history
            old = _rows(label, journey).filter(history_date__lt=deleted_at).count()
            assert old == 0, f"{label} is listed as {on_delete} but {old} old versions are left"
        elif on_delete in (REMOVED, DRAFTS_REMOVED):  # fill_group's case study is a draft
            assert after[label] == 0, f"{label} is listed as {on_delete} but {after[label]} rows are left"
        elif on_delete == KEPT:
            assert after[label] == before[label], f"{label} is listed as {on_delete}: {before[label]} -> {after[label]}"
        else:  # anonymised: the statutory facts stay (tests/groupdata/test_group_delete.py checks their fields)
            assert after[label] > 0, f"{label} is listed as {on_delete} but none is left"


@pytest.mark.django_db
def test_the_export_holds_a_file_for_each_exported_kind():
    filled = fill_group(tag="Exported")
    data = export.group_export(filled.journey, by=filled.lead)
    names = set(zipfile.ZipFile(io.BytesIO(b"".join(export.stream_zip(data)))).namelist())
    stems = {name.rsplit(".", 1)[0] for name in names}
    for label, held in GROUP_DATA.items():
        if held.export:
            assert held.export in stems, f"{label}: no {held.export}.json/.csv in the export ({sorted(stems)})"
