"""Right to Challenge objects for the permission matrix: council A's and council B's."""

from django.core.files.base import ContentFile
from django.utils import timezone

from challenges.models import (
    Attachment,
    DecisionNotice,
    DecisionOutcome,
    EOIStatus,
    InfoRequest,
    JourneyEOI,
    ProcurementExercise,
    StaffMutualIntention,
)

from .factories import BodyUserFactory, DecisionFactory, EOIFactory, PartnerFactory, ServiceFactory, WindowFactory


def extend(world):
    body = world.users["body"]
    officer = world.users["officer"]
    service_a = ServiceFactory(council=world.council_a, name="Northbridge parks")
    hidden_a = ServiceFactory(council=world.council_a, name="Northbridge hidden", published=False)
    window_a = WindowFactory(service=hidden_a)
    service_b = ServiceFactory(council=world.council_b, name="Eastvale leisure")
    draft_a = EOIFactory(service=service_a, submitted_by=body)
    partner_a = PartnerFactory(eoi=draft_a)
    received_a = EOIFactory(service=service_a, submitted_by=body, status=EOIStatus.RECEIVED)
    review_a = EOIFactory(service=service_a, submitted_by=body, status=EOIStatus.UNDER_REVIEW)
    received_b = EOIFactory(service=service_b, submitted_by=body, status=EOIStatus.RECEIVED)
    other_body_eoi = EOIFactory(service=service_a, submitted_by=BodyUserFactory(), status=EOIStatus.RECEIVED)
    published = DecisionFactory(
        eoi__service=service_a,
        eoi__submitted_by=body,
        eoi__status=EOIStatus.REJECTED,
        decided_by=officer,
        published_at=timezone.now(),
    )
    notice = DecisionNotice.objects.create(decision=published, status=DecisionNotice.Status.READY)
    notice.file.save("notice.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    unpublished = DecisionFactory(eoi__service=service_a, eoi__submitted_by=body, decided_by=officer)
    accepted = DecisionFactory(
        eoi__service=service_a,
        eoi__submitted_by=body,
        eoi__status=EOIStatus.ACCEPTED,
        outcome=DecisionOutcome.ACCEPTED,
        grounds=[],
        decided_by=officer,
        published_at=timezone.now(),
    )
    described_a = ServiceFactory(
        council=world.council_a, name="Mobile library", published=False, described_by_body=True
    )
    unlisted_eoi_a = EOIFactory(service=described_a, submitted_by=body, status=EOIStatus.RECEIVED)
    late_eoi_a = EOIFactory(service=service_a, submitted_by=body, status=EOIStatus.RECEIVED, outside_period=True)
    recorded_a = EOIFactory(
        service=service_a,
        submitted_by=None,
        route="POST",
        recorded_by=officer,
        status=EOIStatus.RECEIVED,
        original_document_name="letter.pdf",
    )
    recorded_a.original_document.save("letter.pdf", ContentFile(b"%PDF-1.7 letter"), save=True)
    procuring = DecisionFactory(
        eoi__service=service_a,
        eoi__submitted_by=body,
        eoi__status=EOIStatus.PROCUREMENT_STARTED,
        outcome=DecisionOutcome.ACCEPTED,
        grounds=[],
        decided_by=officer,
        published_at=timezone.now(),
    )
    procurement_a = ProcurementExercise.objects.create(
        eoi=procuring.eoi,
        starts_on=timezone.localdate(),
        procedure="COMPETITIVE_FLEXIBLE",
        social_value_considered=True,
        recorded_by=officer,
    )
    intention_a = StaffMutualIntention.objects.create(
        service=service_a,
        statement="The council intends to consider provision of parks by its parks team's mutual.",
        proposed_body="Parks team mutual",
        published_on=timezone.localdate(),
        where_published="Cabinet report",
        recorded_by=officer,
    )
    draft_doc_a = Attachment(eoi=draft_a, kind=Attachment.Kind.ACCOUNTS, original_name="accounts.pdf", uploaded_by=body)
    draft_doc_a.file.save("accounts.pdf", ContentFile(b"%PDF-1.7 accounts"), save=True)
    received_doc_a = Attachment(
        eoi=received_a, kind=Attachment.Kind.CONSTITUTION, original_name="constitution.pdf", uploaded_by=body
    )
    received_doc_a.file.save("constitution.pdf", ContentFile(b"%PDF-1.7 constitution"), save=True)
    staff_eoi_a = EOIFactory(
        service=service_a, submitted_by=world.users["staff"], status=EOIStatus.RECEIVED, body_type="STAFF2"
    )
    JourneyEOI.objects.create(eoi=staff_eoi_a, journey=world.objects["journey_a"], supporting_employees=9)
    info_a = InfoRequest.objects.create(eoi=received_a, question="Send your last accounts.", asked_by=officer)
    world.objects.update(
        {
            "info_a": info_a,
            "staff_eoi_a": staff_eoi_a,
            "draft_doc_a": draft_doc_a,
            "received_doc_a": received_doc_a,
            "recorded_eoi_a": recorded_a,
            "unlisted_eoi_a": unlisted_eoi_a,
            "late_eoi_a": late_eoi_a,
            "service_a": service_a,
            "hidden_service_a": hidden_a,
            "window_a": window_a,
            "service_b": service_b,
            "draft_a": draft_a,
            "partner_a": partner_a,
            "received_a": received_a,
            "review_a": review_a,
            "received_b": received_b,
            "other_body_eoi": other_body_eoi,
            "published_decision_a": published,
            "unpublished_decision_a": unpublished,
            "accepted_eoi_a": accepted.eoi,
            "procurement_eoi_a": procurement_a.eoi,
            "intention_a": intention_a,
        }
    )
