import factory

from casestudies.models import CaseStudy, Source
from mutuals_portal.lib.choices import LegalForm, ServiceArea


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy

    name = factory.Sequence(lambda n: f"Test Mutual {n}")
    slug = factory.Sequence(lambda n: f"test-mutual-{n}")
    summary = "A staff-led organisation that left the public sector."
    body = "It runs a public service."
    service_area = ServiceArea.COMMUNITY_HEALTH
    legal_form = LegalForm.CIC_CLS
    year_spun_out = 2012
    status = CaseStudy.Status.PUBLISHED


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    case_study = factory.SubFactory(CaseStudyFactory)
    title = factory.Sequence(lambda n: f"Source {n}")
    url = "https://example.org/report"
