"""Atom feed of the latest published items, optionally of one topic (?topic=code)."""
from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai.catalog.models import Item, Topic
from gongkai.catalog.selectors import items_public

from . import selectors

FEED_SIZE = 50
DESCRIPTION_LENGTH = 200


class LatestItemsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs) -> Topic | None:
        value = request.GET.get("topic", "")
        if not value:
            return None
        topic = selectors.topic_by_param(value)
        if topic is None:  # a subscriber's typo should not silently become "everything"
            raise Http404("没有这个主题分类")
        return topic

    def title(self, obj: Topic | None) -> str:
        name = settings.GONGKAI_SITE["name"]
        return f"{name} · {obj.name}" if obj else f"{name} · 最新公开信息"

    def subtitle(self, obj: Topic | None) -> str:
        return "政府信息公开目录中最新发布的信息"

    def link(self, obj: Topic | None) -> str:
        url = reverse("portal:catalog")
        return f"{url}?topic={obj.code}" if obj else url

    def items(self, obj: Topic | None):
        qs = items_public().select_related("topic").order_by("-published_on", "-id")
        if obj is not None:
            qs = qs.filter(topic=obj)
        return qs.only(
            "id", "index_number", "title", "summary", "body_text", "publisher", "published_on", "published_at",
            "updated_at", "topic__name", "document_number",
        )[:FEED_SIZE]

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        text = item.summary or item.body_text
        text = " ".join(text.split())
        return text[:DESCRIPTION_LENGTH] + ("…" if len(text) > DESCRIPTION_LENGTH else "")

    def item_link(self, item: Item) -> str:
        return reverse("portal:item", kwargs={"key": item.index_number or str(item.pk)})

    def item_guid(self, item: Item) -> str:
        return item.index_number or str(item.pk)

    item_guid_is_permalink = False

    def item_pubdate(self, item: Item):
        return item.published_at

    def item_updateddate(self, item: Item):
        return item.published_at

    def item_author_name(self, item: Item) -> str:
        return item.publisher

    def item_categories(self, item: Item) -> list[str]:
        return [item.topic.name] if item.topic_id else []
