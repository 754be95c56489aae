from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Registers the API's authentication schemes with drf-spectacular.
        from .api import schema  # noqa: F401
