from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def qa_rows(rows, names) -> SafeString:
    """The Q&A list's rows (channel, linked title, date of the answer), built in Python like the
    catalogue's item_rows: every value escaped exactly as autoescaping would."""
    base = reverse("interaction_public:list")
    out = []
    for r in rows:
        out.append(
            f'<tr role="row"><td role="cell" class="col-index">{escape(names.get(r["channel"], r["channel"]))}</td>'
            f'<td role="cell" class="col-title"><a href="{base}{r["id"]}/">{escape(r["public_subject"])}</a></td>'
            f'<td role="cell" class="col-date">{r["replied_on"].isoformat()}</td></tr>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 - each value escaped above


@register.simple_tag
def qa_hits(hits) -> SafeString:
    """The search results (QaHit: title and snippet already highlighted and escaped by
    portal.highlight), built in Python as qa_rows is: one tag instead of a loop of lookups and filters."""
    base = reverse("interaction_public:list")
    out = []
    for h in hits:
        day = h.replied_on.isoformat()
        out.append(
            f'<li><h2 class="qa-hit__title"><a href="{base}{h.pk}/">{conditional_escape(h.title_html)}</a></h2>\n'
            f'        <p class="qa-hit__meta">{escape(h.channel)} · 答复于 <time datetime="{day}">{day}</time></p>\n'
            f'        <p class="qa-hit__snippet">{conditional_escape(h.snippet_html)}</p></li>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 - each value escaped above (the safe ones kept as they are)
