import pytest

from tests.products.samples import make_briefing


@pytest.fixture
def briefing():
    return make_briefing()
