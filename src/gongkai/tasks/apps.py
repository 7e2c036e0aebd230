from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "gongkai.tasks"
    label = "tasks"
    verbose_name = "后台任务"

    def ready(self) -> None:
        # The Celery app must exist before any task is sent or any worker starts (decision 0054).
        from . import jobs, queue  # noqa: F401
