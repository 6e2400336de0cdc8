"""Seed the stage catalogue with the tasks of DOMAIN.md's stage table (product data; admin-editable)."""

from django.db import migrations

from journeys.catalogue_data import load_catalogue


def seed(apps, schema_editor):
    load_catalogue(apps.get_model("journeys", "StageDefinition"), apps.get_model("journeys", "TaskDefinition"))


def unseed(apps, schema_editor):
    apps.get_model("journeys", "TaskDefinition").objects.all().delete()
    apps.get_model("journeys", "StageDefinition").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("journeys", "0002_journeys_tasks_evidence_plan")]

    operations = [migrations.RunPython(seed, unseed)]
