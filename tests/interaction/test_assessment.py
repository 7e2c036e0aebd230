"""The department assessment's reply timeliness, read from the messages register: messages due in
the span, answered by their due date or not; held-back spam is not a message."""
import datetime as dt

from gongkai.interaction.assessment import replies_on_time
from gongkai.interaction.models import Message
from gongkai.oversight.assessment import Metric, department_figures

D = dt.date


def _message(org, number, *, dept, due_on, replied_on=None, status=None):
    return Message.objects.create(org=org, number=number, channel="mailbox", received_on=due_on - dt.timedelta(days=7),
                                  subject="咨询", department=dept, due_on=due_on, replied_on=replied_on,
                                  status=status or ("replied" if replied_on else "assigned"))


def test_it_counts_each_departments_replies_within_the_term(org, dept, other_dept):
    _message(org, "1", dept=dept, due_on=D(2026, 3, 10), replied_on=D(2026, 3, 10))   # on its due date
    _message(org, "2", dept=dept, due_on=D(2026, 3, 10), replied_on=D(2026, 3, 11))   # a day late
    _message(org, "3", dept=dept, due_on=D(2026, 3, 20))                              # open, past due by the span's end
    _message(org, "4", dept=dept, due_on=D(2026, 3, 20), status="held")               # spam held back: not counted
    _message(org, "5", dept=other_dept, due_on=D(2026, 4, 2), replied_on=D(2026, 3, 30))  # due after the span
    assert replies_on_time(org, D(2026, 1, 1), D(2026, 3, 31)) == {dept.pk: (1, 3)}
    assert department_figures(org, D(2026, 1, 1), D(2026, 3, 31))[Metric.REPLIES_TIMELY] == {dept.pk: (1, 3)}
