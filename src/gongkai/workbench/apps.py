from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "gongkai.workbench"
    label = "workbench"
