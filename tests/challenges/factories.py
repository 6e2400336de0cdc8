"""Factories for the Right to Challenge. States are set directly here; tests of the
workflow itself go through challenges.services."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import User
from challenges.models import (
    BodyType,
    ChallengeableService,
    ConflictDeclaration,
    Decision,
    DecisionOutcome,
    EOIStatus,
    ExpressionOfInterest,
    Partner,
    RejectionGround,
    SubmissionWindow,
)
from tests.factories import PublicBodyFactory, UserFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeableService

    council = factory.SubFactory(PublicBodyFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Running the service across the district."
    current_provider = "In-house"
    published = True


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionWindow

    service = factory.SubFactory(ServiceFactory)
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))


class BodyUserFactory(UserFactory):
    role = User.Role.BODY


class EOIFactory(factory.django.DjangoModelFactory):
    """A complete EOI; status DRAFT unless given (then received dates are filled in)."""

    class Meta:
        model = ExpressionOfInterest

    service = factory.SubFactory(ServiceFactory)
    submitted_by = factory.SubFactory(BodyUserFactory)
    body_type = BodyType.VCB
    body_name = factory.Sequence(lambda n: f"Community body {n}")
    contact_name = "Jo Bloggs"
    contact_email = factory.LazyAttribute(lambda o: o.submitted_by.email if o.submitted_by else "")
    financial_resources = "Reserves of 120,000 GBP and a grant from the lottery."
    capability = "We have run a similar service for five years."
    service_and_area = "The whole service across the district."
    outcomes_wellbeing = "More volunteering and local jobs."
    outcomes_users_needs = "Longer opening hours chosen by users."
    status = EOIStatus.DRAFT

    @factory.lazy_attribute
    def received_on(self):
        return None if self.status == EOIStatus.DRAFT else timezone.localdate() - timedelta(days=5)

    @factory.lazy_attribute
    def acknowledgement_due_on(self):
        return self.received_on and self.received_on + timedelta(days=30)

    @factory.lazy_attribute
    def decision_due_on(self):
        return self.received_on and self.received_on + timedelta(days=90)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    eoi = factory.SubFactory(EOIFactory)
    kind = Partner.Kind.CONSORTIUM
    name = factory.Sequence(lambda n: f"Partner {n}")
    financial_resources = "Turnover of 2m GBP."
    capability = "Runs the same service for the next county."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    # A recorded decision leaves its EOI under review until it is published.
    eoi = factory.SubFactory(EOIFactory, status=EOIStatus.UNDER_REVIEW)
    outcome = DecisionOutcome.REJECTED
    grounds = factory.LazyFunction(lambda: [RejectionGround.R9_FRIVOLOUS.value])
    reasons = "The expression of interest repeats one rejected last month."
    decision_maker = "Sam Patel, Head of Commissioning"
    delegated_authority = "Officer scheme of delegation, paragraph 4.2"
    wellbeing_considered = True
    decided_by = factory.SubFactory(UserFactory, role=User.Role.OFFICER)
    decided_at = factory.LazyFunction(timezone.now)
    published_at = None


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictDeclaration

    eoi = factory.SubFactory(EOIFactory)
    officer = factory.SubFactory(UserFactory, role=User.Role.OFFICER)
    interest = "My sister is a trustee."
