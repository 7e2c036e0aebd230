"""The annual report's tables from the records, against tables worked out by hand."""
import datetime as dt

import pytest

from gongkai.applications.models import Application
from gongkai.catalog.models import Item
from gongkai.oversight.models import ReviewCase
from gongkai.reports.annual import ROWS, COLUMNS, annual_figures, consistency
from gongkai.reports.models import YearFigures

D = dt.date.fromisoformat


def app(org, number, kind, received, closed=None, outcome=""):
    return Application.objects.create(
        org=org, number=number, query_code="TESTCODE", channel="letter", applicant_type=kind, applicant_name="申请人",
        subject="……", received_on=D(received), closed_on=D(closed) if closed else None, outcome=outcome,
        status="closed" if closed else "registered",
    )


@pytest.fixture
def three_years(org):
    app(org, "A", "natural_person", "2024-12-31", "2025-01-02", "disclosed")        # 31 Dec in, 2 Jan out
    app(org, "B", "business", "2024-06-01", "2024-12-31", "withheld_state_secret")  # closed on 31 Dec 2024
    app(org, "C", "natural_person", "2025-01-01", "2025-12-31", "partially_disclosed")  # 1 Jan in, 31 Dec out
    app(org, "D", "research", "2025-12-31")                                         # open, received 31 Dec
    app(org, "E", "research", "2025-03-10", "2026-01-05", "unavailable_not_held")   # closed the next year
    app(org, "F", "other_org", "2023-05-01", "2025-02-01", "other")                 # two years open
    app(org, "G", "natural_person", "2026-01-01")                                   # after the year
    app(org, "H", "legal_services", "2025-07-01", "2025-07-20", "not_processed_duplicate")
    app(org, "I", "social_welfare", "2025-05-05", "2025-06-06", "other_fee_unpaid")


def nonzero(rows):
    return {row: {c: n for c, n in cols.items() if n} for row, cols in rows.items() if any(cols.values())}


def test_the_2025_applications_table(org, three_years):
    rows = annual_figures(org, 2025)["applications"]["rows"]
    assert nonzero(rows) == {
        "new": {"natural_person": 1, "research": 2, "social_welfare": 1, "legal_services": 1, "total": 5},  # C; D, E; I; H
        "carried_in": {"natural_person": 1, "other_org": 1, "total": 2},                                  # A; F
        "disclosed": {"natural_person": 1, "total": 1},                                                   # A
        "partially_disclosed": {"natural_person": 1, "total": 1},                                         # C
        "not_processed_duplicate": {"legal_services": 1, "total": 1},                                     # H
        "other_fee_unpaid": {"social_welfare": 1, "total": 1},                                            # I
        "other": {"other_org": 1, "total": 1},                                                            # F
        "total": {"natural_person": 2, "social_welfare": 1, "legal_services": 1, "other_org": 1, "total": 5},
        "carried_out": {"research": 2, "total": 2},                                                       # D, E
    }


def test_the_2024_applications_table_carries_out_what_2025_carries_in(org, three_years):
    rows = annual_figures(org, 2024)["applications"]["rows"]
    assert nonzero(rows) == {
        "new": {"natural_person": 1, "business": 1, "total": 2},          # A, B
        "carried_in": {"other_org": 1, "total": 1},                       # F
        "withheld_state_secret": {"business": 1, "total": 1},             # B, closed on 31 Dec
        "total": {"business": 1, "total": 1},
        "carried_out": {"natural_person": 1, "other_org": 1, "total": 2},  # A, F
    }
    assert rows["carried_out"] == annual_figures(org, 2025)["applications"]["rows"]["carried_in"]


def test_every_row_and_column_key_is_there_zeros_included(org):
    figures = annual_figures(org, 2025)
    assert list(figures["applications"]["rows"]) == ROWS
    assert all(list(cols) == COLUMNS for cols in figures["applications"]["rows"].values())
    assert set(figures["reviews"]) == {"reconsideration", "litigation_direct", "litigation_after_reconsideration"}
    assert all(set(r) == {"upheld", "corrected", "other", "pending", "total"} for r in figures["reviews"].values())


def test_a_table_that_does_not_add_up_is_caught(org, three_years):
    assert consistency(annual_figures(org, 2025)) == []
    app(org, "BAD", "business", "2025-05-01", "2024-12-01", "disclosed")  # closed before it was received
    problems = consistency(annual_figures(org, 2024))
    assert any("商业企业" in p for p in problems)


def test_the_proactive_table_counts_regulations_and_normative_documents(org):
    def item(kind, published, repealed=None, validity="valid"):
        Item.objects.create(org=org, title="文件", created_on=D(published), published_on=D(published), status="published",
                            kind=kind, validity=validity, repealed_on=D(repealed) if repealed else None)

    item("normative_document", "2023-03-01")                              # in force
    item("normative_document", "2025-02-01")                              # issued, in force
    item("normative_document", "2021-01-01", "2025-06-30", "repealed")    # repealed in 2025
    item("normative_document", "2022-01-01", "2026-01-10", "repealed")    # still in force on 31 Dec 2025
    item("regulation", "2025-12-31")                                      # issued on 31 Dec
    item("normative_document", "2020-01-01", validity="expired")          # expired: not in force
    YearFigures.objects.create(org=org, year=2025, licensing=120, penalty=3, enforcement=1, fees_10k_yuan="12.5")
    table = annual_figures(org, 2025)["proactive"]
    assert table["normative_document"] == {"issued": 1, "repealed": 1, "in_force": 3}
    assert table["regulation"] == {"issued": 1, "repealed": 0, "in_force": 1}
    assert (table["licensing"], table["penalty"], table["enforcement"], table["fees_10k_yuan"]) == (120, 3, 1, 12.5)


def test_the_reviews_table_counts_cases_filed_in_the_year_by_their_result_at_its_end(org):
    def case(n, kind, filed, result="pending", concluded=None):
        ReviewCase.objects.create(org=org, case_number=n, kind=kind, filed_on=D(filed), result=result,
                                  concluded_on=D(concluded) if concluded else None)

    case("复1", "reconsideration", "2025-03-01", "upheld", "2025-05-01")
    case("复2", "reconsideration", "2025-11-01", "corrected", "2026-01-15")  # concluded after the year: pending
    case("诉1", "litigation_direct", "2025-06-01")
    case("诉2", "litigation_after_reconsideration", "2024-06-01", "other", "2025-02-01")  # filed the year before
    reviews = annual_figures(org, 2025)["reviews"]
    assert reviews["reconsideration"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert reviews["litigation_direct"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    assert reviews["litigation_after_reconsideration"]["total"] == 0


def test_a_higher_body_sees_the_sum_of_the_agencies_under_it(org, other_org):
    from gongkai.orgs.models import Organisation

    province = Organisation.objects.create(code="gz", name="贵州省人民政府")
    Organisation.objects.filter(pk__in=[org.pk, other_org.pk]).update(parent=province)
    app(org, "1", "natural_person", "2025-03-01")
    app(other_org, "1", "business", "2025-04-01", "2025-04-20", "disclosed")
    figures = annual_figures(province, 2025, org_ids=province.descendant_ids())
    assert figures["applications"]["rows"]["new"]["total"] == 2
    assert figures["applications"]["rows"]["disclosed"]["business"] == 1
