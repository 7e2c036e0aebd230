from django import template
from django.urls import reverse
from django.utils.html import escape
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
