"""Every pypdf and python-docx error is the one clear "damaged or too large" message (#32 item 7):
on the page, in the API's error shape, from the CLI; never a 500."""

from __future__ import annotations

import pytest

from planner.mou.errors import MouError
from planner.mou.files import read_document
from tests.mou.damaged import DAMAGED_FILES


@pytest.mark.parametrize("name, raw", DAMAGED_FILES)
def test_the_reader_refuses_a_damaged_file_as_damaged(name, raw):
    with pytest.raises(MouError) as refused:
        read_document(name, raw)
    assert refused.value.code == "corrupt"
