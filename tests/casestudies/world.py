"""Case studies for the permission matrix: published, a draft by the staff lead of group A,
and one in review by the lead of group B."""

from casestudies.models import CaseStudy

from .factories import CaseStudyFactory


def extend(world):
    world.objects["cs_published"] = CaseStudyFactory(name="Matrix Published", slug="matrix-published")
    world.objects["cs_draft"] = CaseStudyFactory(
        name="Matrix Draft",
        slug="matrix-draft",
        status=CaseStudy.Status.DRAFT,
        contributed_by=world.user("staff"),
    )
    world.objects["cs_in_review"] = CaseStudyFactory(
        name="Matrix In Review",
        slug="matrix-in-review",
        status=CaseStudy.Status.IN_REVIEW,
        contributed_by=world.user("other_staff"),
    )
