"""Fees under 国办函〔2020〕109号, at every tier boundary, worked out by hand."""
import pytest

from gongkai.applications.fees import fee_by_count, fee_by_pages


@pytest.mark.parametrize("n, yuan", [
    (1, 0), (10, 0),            # 1st–10th of the month: free
    (11, 100), (30, 100),       # 11th–30th: 100 each
    (31, 200), (40, 200),       # 31st–40th: 200
    (41, 300), (50, 300),       # 41st–50th: 300
    (51, 400), (100, 800),      # 91st–100th: 200 + 6 × 100
])
def test_the_fee_per_application_rises_by_band(n, yuan):
    assert fee_by_count(n).fee_yuan == yuan


@pytest.mark.parametrize("pages, yuan", [
    (0, 0), (30, 0),                    # up to 30 pages free
    (31, 10), (100, 700),               # 70 pages × 10
    (101, 720), (200, 2700),            # 700 + 100 × 20
    (201, 2740), (250, 4700),           # 2700 + 50 × 40
])
def test_the_fee_per_volume_is_excess_progressive(pages, yuan):
    assert fee_by_pages(pages).fee_yuan == yuan


def test_the_basis_names_the_tier_that_applied():
    assert "第31至40件" in fee_by_count(35).basis and "200" in fee_by_count(35).basis
    assert "第101至200页" in fee_by_pages(150).basis


@pytest.mark.parametrize("bad", [0, -1])
def test_a_count_below_one_is_refused(bad):
    with pytest.raises(ValueError):
        fee_by_count(bad)
