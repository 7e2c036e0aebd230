from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "gongkai.consultation"
    label = "consultation"
    verbose_name = "征求意见与建议提案"
