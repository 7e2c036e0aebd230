from django import template
from django.utils import timezone

from gongkai.publicity import selectors
from gongkai.publicity.models import Channel

register = template.Library()


@register.filter
def adoption_recordable_by(submission, user) -> bool:
    """selectors.can_record_adoption, with whether each body has staff asked once per page (a list
    shows many submissions to the same few bodies)."""
    staffed = user.__dict__.setdefault("_publicity_staffed_bodies", {})
    if submission.body_id not in staffed:
        staffed[submission.body_id] = selectors.body_has_staff(submission.body_id)
    return selectors.can_record_adoption(user, submission, staffed=staffed[submission.body_id])


@register.inclusion_tag("publicity/_item_carry.html", takes_context=True)
def item_carry(context, item):
    """The item page's 新媒体转载 box: its posts and the running new-media channels of its agency."""
    channels = selectors.channels_of(item.org, running_on=timezone.localdate()).filter(kind=Channel.Kind.NEW_MEDIA)
    return {"csrf_token": context.get("csrf_token"), "item": item, "posts": list(selectors.posts_of_item(item.pk)), "channels": list(channels)}
