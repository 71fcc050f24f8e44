"""One pipeline per test session: building it takes seconds, running it milliseconds."""

import pytest

from nlp.pipeline import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor.from_config()
