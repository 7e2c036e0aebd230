"""A report's prose that passes every check of readiness, for tests that need a finalised report."""
from gongkai.reports import services

READY = {"overview": "总体情况。本年度依法主动公开政府信息，办理政府信息公开申请。",
         "problems": "公开渠道较为单一。下一步将拓展政务新媒体发布渠道。", "other_matters": ""}


def complete_and_finalise(report, by, **prose):
    """Writes READY (or PROSE over it) into the draft REPORT, then finalises it."""
    services.report_update(report_id=report.pk, by=by, **{**READY, **prose})
    return services.report_finalise(report_id=report.pk, by=by)
