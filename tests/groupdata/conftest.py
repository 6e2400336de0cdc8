import pytest

from tests.groupdata.group_data import fill_group


@pytest.fixture
def filled(db):
    """A staff group with something in every place the portal keeps data about it (group_data.py)."""
    return fill_group(tag="Alpha")
