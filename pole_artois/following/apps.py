from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    name = "pole_artois.following"
    label = "following"
    verbose_name = _("Following by e-mail")

    def ready(self):
        from pole_artois.following import checks, signals  # noqa: F401 (checks register themselves)

        signals.connect()
