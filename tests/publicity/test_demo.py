"""The demo agency's publicity records reproduce the figures of its 2017 report (shared/reference/)
in last year's annual report."""
from django.utils import timezone

from gongkai.demo.loader import demo_load
from gongkai.orgs.models import Organisation
from gongkai.reports.models import AnnualReport


def test_it_reports_last_years_press_posts_and_submissions_as_the_reference_does(db):
    demo_load()
    org = Organisation.objects.get(code="gzsti")
    report = AnnualReport.objects.get(org=org, year=timezone.localdate().year - 1, status="final")
    act = report.figures["activity"]
    assert act["press"] == {"press_conference": 10, "news_office_conference": 1, "online_interview": 1, "radio_hotline": 2}
    assert act["training"] == {"training_held": 1, "training_attended": 2}
    assert (act["published"]["weibo"], act["published"]["wechat"]) == (734, 173)
    assert act["submissions"]["by_body"] == {"CNIPA": {"sent": 132, "adopted": 47}, "GZGOV": {"sent": 405, "adopted": 161},
                                             "MOST": {"sent": 149, "adopted": 56}}
    assert (act["submissions"]["sent"], act["submissions"]["adopted"]) == (686, 264)
