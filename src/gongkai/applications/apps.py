from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.workdays.services import AFTER_CHANGE

        from .clock import applications_recompute_touching

        if applications_recompute_touching not in AFTER_CHANGE:
            AFTER_CHANGE.append(applications_recompute_touching)
