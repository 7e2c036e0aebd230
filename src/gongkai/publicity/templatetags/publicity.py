from django import template
from django.utils import timezone

from gongkai.publicity import selectors
from gongkai.publicity.models import Channel

register = template.Library()


@register.filter
def adoption_recordable_by(submission, user) -> bool:
    return selectors.can_record_adoption(user, submission)


@register.inclusion_tag("publicity/_item_carry.html", takes_context=True)
def item_carry(context, item):
    """The item page's 新媒体转载 box: its posts and the running new-media channels of its agency."""
    channels = selectors.channels_of(item.org, running_on=timezone.localdate()).filter(kind=Channel.Kind.NEW_MEDIA)
    return {"csrf_token": context.get("csrf_token"), "item": item, "posts": list(selectors.posts_of_item(item.pk)), "channels": list(channels)}
