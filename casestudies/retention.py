"""Data retention for case studies (UK GDPR storage limitation): a draft its contributor has not changed
for STALE_DRAFT_DAYS is deleted, after an email to them (accounts.retention.expire_drafts). Drafts sent
for review wait for the moderators, and published case studies stay."""

from datetime import datetime

from django.urls import reverse

from accounts import retention

from .models import CaseStudy


def expire_stale_drafts(*, now: datetime) -> dict:
    drafts = CaseStudy.objects.filter(status=CaseStudy.Status.DRAFT, contributed_by__isnull=False).select_related(
        "contributed_by"
    )
    return retention.expire_drafts(
        drafts,
        now=now,
        author=lambda case_study: case_study.contributed_by,
        describe=lambda case_study: f"your draft case study \u201c{case_study.name}\u201d",
        path=lambda case_study: reverse("casestudies:edit", kwargs={"slug": case_study.slug}),
    )
