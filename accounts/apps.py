from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = "Accounts and public bodies"

    def ready(self):
        from accounts import (
            audit,  # noqa: F401  (connects the sign-in signals)
            middleware,  # noqa: F401  (renews the session at sign-in)
            sessions,
        )

        sessions.connect()  # a password or access change ends the user's sessions
