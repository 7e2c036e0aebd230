import datetime as dt

import pytest
from django.utils import timezone

from gongkai.consultation import services
from gongkai.consultation.models import Consultation


def consultation_data(**overrides) -> dict:
    today = timezone.localdate()
    data = dict(
        title="贵州省科技创新券管理办法（征求意见稿）",
        kind=Consultation.Kind.GENERAL,
        draft_text="第一条　为发挥科技创新券作用，制定本办法。",
        basis="《贵州省科技创新条例》",
        explanation="为进一步降低中小企业创新成本，起草了本办法。",
        opens_on=today,
        closes_on=today + dt.timedelta(days=29),
    )
    data.update(overrides)
    return data


@pytest.fixture
def consultation(org, clerk):
    return services.consultation_create(org=org, by=clerk, data=consultation_data())


@pytest.fixture
def open_consultation(consultation, supervisor):
    return services.consultation_publish(consultation_id=consultation.pk, by=supervisor)


def period_over(consultation):
    """Moves a consultation's period into the past, as time would."""
    today = timezone.localdate()
    Consultation.objects.filter(pk=consultation.pk).update(opens_on=today - dt.timedelta(days=40),
                                                           closes_on=today - dt.timedelta(days=1))
    consultation.refresh_from_db()
    return consultation
