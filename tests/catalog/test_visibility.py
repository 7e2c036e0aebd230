"""Who sees what: one predicate and one queryset that must agree, for every persona and every state."""
import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.catalog import services as catalog
from gongkai.catalog.selectors import is_visible_to, items_visible_to, public_item_by_key

from ..conftest import item_data


@pytest.fixture
def items_in_every_state(org, dept, clerk, dept_head, supervisor, publish):
    def new(title):
        return catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, title=title))

    draft = new("草稿")
    in_review = new("审核中")
    catalog.revision_advance(revision_id=in_review.revisions.get().pk, action="submit", by=clerk)
    published = publish(new("已发布"))
    withdrawn = publish(new("已撤回"))
    catalog.item_withdraw(item_id=withdrawn.pk, by=supervisor, reason="测试")
    for item in (draft, in_review, published, withdrawn):
        item.refresh_from_db()
    return {"draft": draft, "in_review": in_review, "published": published, "withdrawn": withdrawn}


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "clerk", "supervisor"])
def test_the_predicate_and_the_queryset_agree(request, persona, items_in_every_state):
    user = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    listed = set(items_visible_to(user).values_list("pk", flat=True))
    for item in items_in_every_state.values():
        assert (item.pk in listed) == is_visible_to(user, item)


@pytest.mark.parametrize("persona, sees", [
    ("anonymous", {"published"}),
    ("outsider", {"published"}),  # staff of another agency: no more than the public
    ("clerk", {"draft", "in_review", "published", "withdrawn"}),
])
def test_only_the_agencys_own_staff_see_its_unpublished_items(request, persona, sees, items_in_every_state):
    user = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    visible = {name for name, item in items_in_every_state.items() if is_visible_to(user, item)}
    assert visible == sees


def test_the_public_lookup_answers_alike_for_missing_and_unpublished(items_in_every_state):
    for name in ("draft", "in_review", "withdrawn"):
        item = items_in_every_state[name]
        assert public_item_by_key(str(item.pk)) is None
        if item.index_number:
            assert public_item_by_key(item.index_number) is None
    assert public_item_by_key("999999") is None
    published = items_in_every_state["published"]
    assert public_item_by_key(published.index_number) == published
