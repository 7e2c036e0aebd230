"""Identity checks from the national standards, with numbers worked out by hand."""
import pytest

from gongkai.applications.identity import credit_code_problem, mask_id, mask_phone, resident_id_problem


@pytest.mark.parametrize("value, ok", [
    ("11010519491231002X", True),   # the standard's own example: weighted sum 167, 167 % 11 = 2 → X
    ("11010519491231002x", True),   # a lower-case x is the same check character
    ("110105194912310021", False),  # wrong check digit
    ("11010519490231002X", False),  # 1949-02-31 does not exist
    ("1101051949123100", False),    # too short
    ("11010519491231002Y", False),  # not a digit or X
])
def test_it_checks_a_resident_id_by_birth_date_and_check_digit(value, ok):
    assert (resident_id_problem(value) is None) is ok


@pytest.mark.parametrize("value, ok", [
    ("91350100M000100Y43", True),   # a published example code: check character 3
    ("91350100M000100Y44", False),
    ("91350100M000100Y4", False),
    ("91350100M000100I43", False),  # I is not in the code's alphabet
])
def test_it_checks_a_unified_social_credit_code(value, ok):
    assert (credit_code_problem(value) is None) is ok


def test_it_masks_ids_and_phones_as_lists_show_them():
    assert mask_id("52010219800101123X") == "520***********123X"
    assert mask_phone("13812345678") == "138****5678"


def test_the_form_and_the_guard_share_one_library_for_check_characters(monkeypatch):
    """python-stdnum decides the check character for both (issue 8): changing it changes both."""
    from stdnum.cn import ric

    from gongkai.textguard.detector import scan

    assert resident_id_problem("11010519491231002X") is None and scan("11010519491231002X")
    monkeypatch.setattr(ric, "calc_check_digit", lambda number: "0")
    assert resident_id_problem("11010519491231002X") is not None
    assert scan("11010519491231002X") == []
    assert resident_id_problem("110105194912310020") is None
