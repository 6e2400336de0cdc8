import pytest

from .broker import Broker


@pytest.fixture
def broker():
    broker = Broker()
    yield broker
    broker.start()
