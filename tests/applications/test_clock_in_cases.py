"""An application's clock through the services, with due dates worked out by hand from the 2026
schedule (中秋 09-25..27, 国庆 10-01..07, 09-20 Sun and 10-10 Sat worked) and 第三十条/第三十三条."""
import datetime as dt

import pytest

from gongkai.applications import services
from gongkai.applications.models import Application, Event
from gongkai.core.errors import InvalidInput, NotAllowed

D = dt.date.fromisoformat


def test_registration_sets_the_due_dates(register):
    # From 09-24: 09-28..30=1..3, 10-08..10=4..6, 10-12..16=7..11, 10-19..23=12..16, 10-26..29=17..20.
    app = register("2026-09-24")
    assert (app.due_on, app.effective_due_on) == (D("2026-10-29"), D("2026-10-29"))
    assert app.number == "2026-00001" and len(app.query_code) == 8


def test_a_correction_within_seven_working_days_restarts_the_period(register, clerk):
    app = register("2026-09-24")
    # The last day for the notice: 09-28,29,30, 10-08,09,10(Sat),12 → 10-12.
    with pytest.raises(InvalidInput, match="7个工作日"):
        services.correction_request(app_id=app.pk, by=clerk, on=D("2026-10-13"), what="请说明具体项目名称")
    services.correction_request(app_id=app.pk, by=clerk, on=D("2026-09-30"), what="请说明具体项目名称")
    app.refresh_from_db()
    assert app.status == "awaiting_correction" and app.effective_due_on is None
    # Corrected 10-15: 10-16=1, 10-19..23=2..6, 10-26..30=7..11, 11-02..06=12..16, 11-09..12=17..20.
    services.correction_received(app_id=app.pk, by=clerk, on=D("2026-10-15"))
    app.refresh_from_db()
    assert app.effective_due_on == D("2026-11-12")
    with pytest.raises(InvalidInput, match="一次性"):
        services.correction_request(app_id=app.pk, by=clerk, on=D("2026-10-16"), what="再补正")


def test_an_applicant_who_never_corrects_is_closed_after_the_term(register, clerk):
    app = register("2026-09-24")
    services.correction_request(app_id=app.pk, by=clerk, on=D("2026-09-28"), what="请明确所需信息", term_on=D("2026-10-20"))
    with pytest.raises(InvalidInput, match="尚未届满"):
        services.correction_lapsed(app_id=app.pk, by=clerk, on=D("2026-10-20"))
    services.correction_lapsed(app_id=app.pk, by=clerk, on=D("2026-10-21"))
    app.refresh_from_db()
    assert (app.status, app.outcome, app.closed_on) == ("closed", "other_no_correction", D("2026-10-21"))


def test_a_consultation_stops_the_clock_and_the_third_party_has_fifteen_days(register, clerk):
    app = register("2026-09-01")
    pause = services.consultation_start(app_id=app.pk, by=clerk, on=D("2026-09-03"), party="某科技有限公司")
    # 第三十二条: 09-04=1, 09-07..11=2..6, 09-14..18=7..11, 09-20 (Sun, worked)=12, 09-21..23=13..15.
    assert pause.answer_due_on == D("2026-09-23")
    services.consultation_end(app_id=app.pk, by=clerk, on=D("2026-09-10"), note="第三方同意公开")
    # 09-02=1; 09-03..10 not counted; 09-11=2, 09-14..18=3..7, 09-20=8, 09-21..24=9..12,
    # 09-28..30=13..15, 10-08..10=16..18, 10-12=19, 10-13=20.
    app.refresh_from_db()
    assert app.effective_due_on == D("2026-10-13") and app.status == "registered"


def test_an_extension_needs_the_supervisor_and_adds_twenty_working_days(register, clerk, supervisor):
    app = register("2026-09-24")
    with pytest.raises(NotAllowed):
        services.extension_approve(app_id=app.pk, by=clerk, on=D("2026-10-20"), reason="需调取档案")
    services.extension_approve(app_id=app.pk, by=supervisor, on=D("2026-10-20"), reason="需调取档案")
    app.refresh_from_db()
    # after 10-29: 10-30=1, 11-02..06=2..6, 11-09..13=7..11, 11-16..20=12..16, 11-23..26=17..20.
    assert app.effective_due_on == D("2026-11-26")
    assert app.events.filter(kind="extended", public=True).exists()  # the applicant is notified
    with pytest.raises(InvalidInput, match="延期一次"):
        services.extension_approve(app_id=app.pk, by=supervisor, on=D("2026-10-21"), reason="再次延期")


def test_a_fee_notice_stops_the_clock_until_payment(register, clerk):
    app = register("2026-09-24")
    with pytest.raises(InvalidInput, match="无需收费"):
        services.fee_notice(app_id=app.pk, by=clerk, on=D("2026-10-08"), method="pages", pages=30)
    services.fee_notice(app_id=app.pk, by=clerk, on=D("2026-10-08"), method="pages", pages=120)
    services.fee_paid(app_id=app.pk, by=clerk, on=D("2026-10-14"))
    app.refresh_from_db()
    # 09-28..30=1..3; 10-08..14 not counted; 10-15,16=4,5, 10-19..23=6..10, 10-26..30=11..15, 11-02..06=16..20.
    assert app.effective_due_on == D("2026-11-06")
    assert app.fee_yuan == 1100  # 70 pages × 10 + 20 pages × 20


def test_an_unpaid_fee_ends_the_application_after_the_term(register, clerk, settings):
    settings.GONGKAI_FEE_PAYMENT_DAYS = 10
    app = register("2026-09-24")
    services.fee_notice(app_id=app.pk, by=clerk, on=D("2026-10-08"), method="count", monthly_count=12)
    with pytest.raises(InvalidInput):
        services.fee_lapsed(app_id=app.pk, by=clerk, on=D("2026-10-18"))
    services.fee_lapsed(app_id=app.pk, by=clerk, on=D("2026-10-19"))
    app.refresh_from_db()
    assert (app.status, app.outcome) == ("closed", "other_fee_unpaid")


def test_entering_a_holiday_recomputes_open_applications_and_records_it(register, calendar_change):
    touched = register("2026-10-08")
    untouched = register("2026-11-20")  # its period starts after the day changed
    assert touched.effective_due_on == D("2026-11-04")
    count = calendar_change(day=D("2026-10-09"), is_workday=False, name="测试")
    touched.refresh_from_db()
    untouched_before = untouched.effective_due_on
    untouched.refresh_from_db()
    assert count == 1 and touched.effective_due_on == D("2026-11-05")
    assert untouched.effective_due_on == untouched_before
    event = touched.events.get(kind=Event.Kind.RECOMPUTED)
    assert event.data == {"old_due": "2026-11-04", "new_due": "2026-11-05"}


@pytest.mark.parametrize("overrides, field", [
    ({"id_number": "110105194912310021"}, "id_number"),
    ({"applicant_type": "business", "credit_code": "91350100M000100Y44", "contact_name": "李四"}, "credit_code"),
    ({"phone": "12345"}, "phone"),
    ({"subject": " "}, "subject"),
])
def test_bad_applicant_data_is_refused_and_nothing_is_written(register, overrides, field):
    from gongkai.core.errors import FieldErrors

    with pytest.raises(FieldErrors) as e:
        register("2026-09-24", **overrides)
    assert field in e.value.errors
    assert not Application.objects.exists()


def test_a_received_date_in_the_future_is_refused(register):
    with pytest.raises(InvalidInput, match="不能晚于今天"):
        register((dt.date.today() + dt.timedelta(days=2)).isoformat())
    assert not Application.objects.exists()


def test_lapsed_terms_are_closed_by_the_daily_run_once(register, clerk, settings):
    settings.GONGKAI_FEE_PAYMENT_DAYS = 10
    no_correction = register("2026-09-24")
    services.correction_request(app_id=no_correction.pk, by=clerk, on=D("2026-09-28"), what="请明确", term_on=D("2026-10-20"))
    unpaid = register("2026-09-24", id_number="520102198001011235")
    services.fee_notice(app_id=unpaid.pk, by=clerk, on=D("2026-10-08"), method="pages", pages=50)  # pay by 10-18
    assert services.applications_close_lapsed(today=D("2026-10-18")) == {"other_no_correction": 0, "other_fee_unpaid": 0}
    assert services.applications_close_lapsed(today=D("2026-10-21")) == {"other_no_correction": 1, "other_fee_unpaid": 1}
    assert services.applications_close_lapsed(today=D("2026-10-22")) == {"other_no_correction": 0, "other_fee_unpaid": 0}
    no_correction.refresh_from_db()
    unpaid.refresh_from_db()
    assert (no_correction.outcome, no_correction.closed_on) == ("other_no_correction", D("2026-10-21"))
    assert unpaid.outcome == "other_fee_unpaid"
