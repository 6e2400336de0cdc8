import pytest

from casestudies.models import CaseStudy


@pytest.fixture
def empty_library(db):
    """No case studies at all (the real ones come from a data migration)."""
    CaseStudy.objects.all().delete()
