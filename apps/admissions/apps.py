from django.apps import AppConfig


class AdmissionsConfig(AppConfig):
    name = "apps.admissions"
    verbose_name = "Admissions"

    def ready(self) -> None:
        from apps.audit.presenters import register_key_label

        from .history import LABELS

        for prefix, label in LABELS.items():
            register_key_label(prefix, label)
