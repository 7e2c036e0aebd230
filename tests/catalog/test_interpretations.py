"""政策解读 and "谁起草、谁解读": an interpretation names the document it interprets; publishing a 规章 or
行政规范性文件 without a published (or publishing-together) interpretation is a warning or a refusal, as
the agency's setting says; the catalogue import's `interprets` column carries the link."""
import pytest

from gongkai.catalog import services as catalog
from gongkai.catalog.importing import items_import
from gongkai.catalog.models import Item
from gongkai.catalog.workflow import interpretation_check
from gongkai.core.errors import IllegalTransition, InvalidInput
from gongkai.core.tabular import RowErrors
from tests.conftest import item_data


@pytest.mark.parametrize("kind, has, rule, outcome", [
    ("regulation", False, "warning", "warning"),
    ("normative_document", False, "warning", "warning"),
    ("regulation", False, "refusal", "refused"),
    ("normative_document", False, "refusal", "refused"),
    ("regulation", True, "refusal", None),
    ("normative_document", True, "warning", None),
    ("notice", False, "refusal", None),  # only 规章 and 行政规范性文件 need one
    ("interpretation", False, "refusal", None),
])
def test_it_warns_or_refuses_as_the_setting_says(kind, has, rule, outcome):
    if outcome == "refused":
        with pytest.raises(IllegalTransition, match="谁起草、谁解读"):
            interpretation_check(kind=kind, has_interpretation=has, rule=rule)
        return
    result = interpretation_check(kind=kind, has_interpretation=has, rule=rule)
    assert (result is not None) == (outcome == "warning")
    if result:
        assert "谁起草、谁解读" in result


def _through_review(item, clerk, dept_head, supervisor):
    rev = item.revisions.get(status__in=["draft", "returned"])
    for action, by in (("submit", clerk), ("dept_approve", dept_head), ("secrecy_approve", supervisor)):
        catalog.revision_advance(revision_id=rev.pk, action=action, by=by)
    return rev


@pytest.fixture
def document(org, dept, clerk):
    return catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, kind="normative_document",
                                                                       title="贵州省科技计划项目管理办法"))


def _interpretation(org, dept, clerk, document, **extra):
    return catalog.item_create_draft(org=org, by=clerk, data=item_data(
        dept=dept, kind="interpretation", title="《贵州省科技计划项目管理办法》政策解读", document_number="",
        interprets=document, qa="问：适用于哪些项目？\n答：省级科技计划项目。\n问：何时施行？\n答：自发布之日起。", **extra))


def test_it_publishes_with_a_warning_by_default(org, document, clerk, dept_head, supervisor):
    assert org.interpretation_rule == "warning"
    rev = _through_review(document, clerk, dept_head, supervisor)
    published = catalog.revision_advance(revision_id=rev.pk, action="publish", by=clerk)
    assert published.status == "published" and "谁起草、谁解读" in published.warnings[0]
    assert "谁起草、谁解读" in document.steps.get(action="publish").comment


def test_it_refuses_without_an_interpretation_and_publishes_one_together(org, dept, document, clerk, dept_head, supervisor):
    org.interpretation_rule = "refusal"
    org.save()
    rev = _through_review(document, clerk, dept_head, supervisor)
    with pytest.raises(IllegalTransition, match="行政规范性文件"):
        catalog.revision_advance(revision_id=rev.pk, action="publish", by=clerk)
    interpretation = _interpretation(org, dept, clerk, document)
    with pytest.raises(IllegalTransition):  # a draft interpretation is not enough: it must have passed review
        catalog.revision_advance(revision_id=rev.pk, action="publish", by=clerk)
    _through_review(interpretation, clerk, dept_head, supervisor)
    published = catalog.revision_advance(revision_id=rev.pk, action="publish", by=clerk)
    assert published.warnings == []
    interpretation.refresh_from_db()
    assert interpretation.status == Item.Status.PUBLISHED and interpretation.interprets_id == document.pk
    assert interpretation.steps.get(action="publish").comment == "随所解读的文件同步发布"
    assert interpretation.qa_pairs() == [("适用于哪些项目？", "省级科技计划项目。"), ("何时施行？", "自发布之日起。")]


def test_it_links_only_an_interpretation_to_a_document_of_its_own_agency(org, other_org, dept, document, clerk, outsider):
    with pytest.raises(InvalidInput, match="只有类别为“政策解读”"):
        catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, kind="notice", interprets=document))
    foreign = catalog.item_create_draft(org=other_org, by=outsider, data=item_data(kind="regulation"))
    with pytest.raises(InvalidInput, match="本机关"):
        _interpretation(org, dept, clerk, foreign)
    first = _interpretation(org, dept, clerk, document)
    with pytest.raises(InvalidInput, match="另一篇解读"):
        _interpretation(org, dept, clerk, first)


def _csv(tmp_path, text):
    f = tmp_path / "items.csv"
    f.write_text(text, encoding="utf-8")
    return f


HEADER = "索引号,信息名称,生成日期,发布日期,体裁/类别,解读对象\n"


def test_it_imports_the_link_to_a_document_in_the_same_file_or_already_there(org, tmp_path):
    items_import(path=_csv(tmp_path, HEADER + "X/2024-1,管理办法,2024-03-01,2024-03-05,normative_document,\n"), org_code=org.code)
    result = items_import(path=_csv(tmp_path, HEADER +
                                    "X/2024-3,《实施细则》解读,2024-04-01,2024-04-05,interpretation,X/2024-2\n"
                                    "X/2024-2,实施细则,2024-04-01,2024-04-05,regulation,\n"
                                    "X/2024-4,《管理办法》解读,2024-03-01,2024-03-05,政策解读,X/2024-1\n"), org_code=org.code)
    assert result == {"created": 3, "updated": 0}
    by_number = {i.index_number: i for i in Item.objects.all()}
    assert by_number["X/2024-3"].interprets == by_number["X/2024-2"]
    assert by_number["X/2024-4"].interprets == by_number["X/2024-1"]
    assert by_number["X/2024-4"].published_revision.interprets_id == by_number["X/2024-1"].pk


def test_it_names_every_bad_link_and_writes_nothing(org, other_org, tmp_path):
    items_import(path=_csv(tmp_path, HEADER + "Y/1,别的机关的办法,2024-03-01,2024-03-05,regulation,\n"), org_code=other_org.code)
    with pytest.raises(RowErrors) as e:
        items_import(path=_csv(tmp_path, HEADER +
                               "X/1,管理办法,2024-03-01,2024-03-05,regulation,\n"
                               "X/2,通知,2024-03-01,2024-03-05,notice,X/1\n"
                               "X/3,解读,2024-03-01,2024-03-05,interpretation,X/404\n"
                               "X/4,解读,2024-03-01,2024-03-05,interpretation,Y/1\n"
                               "X/5,解读的解读,2024-03-01,2024-03-05,interpretation,X/6\n"
                               "X/6,解读,2024-03-01,2024-03-05,interpretation,X/1\n"), org_code=org.code)
    lines = dict(e.value.errors)
    assert set(lines) == {3, 4, 5, 6}
    assert "只有类别为 interpretation" in lines[3] and "X/404" in lines[4] and "Y/1" in lines[5] and "本身是一篇政策解读" in lines[6]
    assert not Item.objects.filter(org=org).exists()
