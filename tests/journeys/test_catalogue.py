from journeys import services
from journeys.models import Stage, StageDefinition, Task, TaskDefinition


def test_the_six_stages_are_in_order_with_their_names(db):
    assert [(s.value, s.label) for s in Stage] == [
        ("explore", "Exploring options"),
        ("support", "Building support"),
        ("design", "Designing the mutual"),
        ("business_plan", "Business plan"),
        ("transfer", "Contract and transfer"),
        ("spun_out", "Spun out"),
    ]
    assert list(StageDefinition.objects.order_by("order").values_list("stage", flat=True)) == list(Stage.values)


def test_the_data_migration_seeds_the_tasks_of_the_stage_table(db):
    slugs = set(TaskDefinition.objects.values_list("slug", flat=True))
    assert {"name-senior-sponsor", "options-appraisal", "staff-ballot", "legal-form", "risk-register", "tupe"} <= slugs
    every_stage_has_tasks = all(d.tasks.filter(required=True).exists() for d in StageDefinition.objects.all())
    assert every_stage_has_tasks
    ballot = TaskDefinition.objects.get(slug="staff-ballot")
    assert ballot.stage.stage == Stage.SUPPORT and ballot.required and ballot.needs_evidence
    assert not TaskDefinition.objects.get(slug="look-at-live-mutuals").required


def test_a_new_journey_gets_a_task_for_every_catalogue_task(journey):
    assert Task.objects.filter(journey=journey).count() == TaskDefinition.objects.count()
    assert not Task.objects.filter(journey=journey).exclude(status=Task.Status.NOT_STARTED).exists()


def test_a_task_added_to_the_catalogue_reaches_existing_journeys(journey):
    stage = StageDefinition.objects.get(stage=Stage.EXPLORE)
    definition = TaskDefinition.objects.create(stage=stage, slug="new-task", title="New task", order=99)
    assert services.journey_sync_tasks(journey=journey) == 1
    assert Task.objects.filter(journey=journey, definition=definition).exists()
    assert services.journey_sync_tasks(journey=journey) == 0


def test_a_task_added_in_the_admin_reaches_existing_journeys(client, journey):
    from django.urls import reverse

    from tests.factories import UserFactory

    client.force_login(UserFactory(email="root@example.test", role="admin", is_superuser=True, is_staff=True))
    stage = StageDefinition.objects.get(stage=Stage.SUPPORT)
    response = client.post(
        reverse("admin:journeys_taskdefinition_add"),
        {"stage": stage.pk, "slug": "press-release", "title": "Agree a press release", "order": "9"},
    )
    assert response.status_code == 302
    assert Task.objects.filter(journey=journey, definition__slug="press-release").exists()


def test_an_admin_edits_the_catalogue_in_the_django_admin(client, db):
    from django.urls import reverse

    from tests.factories import UserFactory

    admin = UserFactory(email="root@example.test", role="admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    stage = StageDefinition.objects.get(stage=Stage.DESIGN)
    response = client.get(reverse("admin:journeys_stagedefinition_change", args=[stage.pk]))
    assert response.status_code == 200
    assert "Choose a legal form and ownership model" in response.content.decode()
    definition = TaskDefinition.objects.get(slug="social-value-statement")
    response = client.post(
        reverse("admin:journeys_taskdefinition_change", args=[definition.pk]),
        {
            "stage": stage.pk,
            "slug": definition.slug,
            "title": "Write a social value statement",
            "guidance": "New guidance",
            "required": "on",
            "order": "5",
        },
    )
    assert response.status_code == 302
    definition.refresh_from_db()
    assert definition.required and definition.guidance == "New guidance"
