"""The year page's list of the `activity` figures (annual-report.md), each linked to the records
behind it where a register holds them (reports.selectors.trace_records)."""
from django import template

from gongkai.orgs.models import Organisation
from gongkai.publicity.models import Channel, EventKind

register = template.Library()


@register.inclusion_tag("reports/staff/_activity.html", takes_context=True)
def activity_summary(context, figures: dict, year: int, scope: str = ""):
    from gongkai.reports.views import _trace_url

    request = context["request"]
    act = figures["activity"]
    link = lambda table, row, col: _trace_url(request, year, table, row, col, scope)  # noqa: E731
    codes = [c for c in act["published"] if c != "website"]
    names = dict(Channel.objects.filter(org=request.report_org, code__in=codes).values_list("code", "name"))
    bodies = dict(Organisation.objects.filter(code__in=list(act["submissions"]["by_body"])).values_list("code", "name"))
    rows = [("门户网站主动公开政府信息", act["published"]["website"], "")]
    rows += [(f"{names.get(code, code)}发布信息", n, link("posts", code, "count")) for code, n in act["published"].items()
             if code != "website"]
    rows.append(("发布政策解读", act["interpretations"], ""))
    rows += [(EventKind(kind).label, n, link("events", kind, "count")) for block in ("press", "training")
             for kind, n in act[block].items()]
    rows.append(("答复公众留言", act["replies"]["total"], ""))
    rows.append(("公开建议提案办理结果", act["suggestions"]["total"], ""))
    subs = act["submissions"]
    rows += [("向上级机关报送信息", subs["sent"], link("submissions", "total", "sent")),
             ("其中被采用", subs["adopted"], link("submissions", "total", "adopted"))]
    for code, b in subs["by_body"].items():
        rows += [(f"向{bodies.get(code, code)}报送", b["sent"], link("submissions", code, "sent")),
                 (f"被{bodies.get(code, code)}采用", b["adopted"], link("submissions", code, "adopted"))]
    return {"rows": rows, "year": year}
