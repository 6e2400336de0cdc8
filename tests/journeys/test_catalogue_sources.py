"""The catalogue's guidance names public sources (the law, regulators, gov.uk guidance), never the team's own
notes, which no group or council can look up; the data migration that changed the old lines leaves a text an
administrator has since edited as it is, and reverses."""

import importlib

from django.apps import apps

from journeys.models import TaskDefinition

migration = importlib.import_module("journeys.migrations.0016_catalogue_sources")


def test_every_task_names_a_source_and_none_cites_the_teams_notes(db):
    for definition in TaskDefinition.objects.all():
        assert "DOMAIN.md" not in definition.guidance, definition.slug
    for slug in migration.SOURCES:
        assert "\nSource: " in TaskDefinition.objects.get(slug=slug).guidance, slug


def test_the_migration_rewrites_the_old_source_lines_and_reverses(db):
    old_pensions, new_pensions = migration.SOURCES["pensions"]
    old_tupe, new_tupe = migration.SOURCES["tupe"]
    pensions = TaskDefinition.objects.get(slug="pensions")
    tupe = TaskDefinition.objects.get(slug="tupe")
    # A database from before the change; an administrator has rewritten the TUPE guidance since.
    TaskDefinition.objects.filter(pk=pensions.pk).update(guidance=pensions.guidance.replace(new_pensions, old_pensions))
    TaskDefinition.objects.filter(pk=tupe.pk).update(guidance="Our own TUPE notes.\nSource: our HR adviser")
    migration.forwards(apps, None)
    assert TaskDefinition.objects.get(pk=pensions.pk).guidance == pensions.guidance
    assert "Schedule 2 Part 3 (admission bodies)" in pensions.guidance
    assert TaskDefinition.objects.get(pk=tupe.pk).guidance == "Our own TUPE notes.\nSource: our HR adviser"
    migration.backwards(apps, None)
    assert TaskDefinition.objects.get(pk=pensions.pk).guidance.endswith(old_pensions)
    assert old_tupe not in TaskDefinition.objects.get(pk=tupe.pk).guidance
    assert new_tupe not in TaskDefinition.objects.get(pk=tupe.pk).guidance
