from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pole_artois.core"
    label = "core"
    verbose_name = _("Shared building blocks")

    def ready(self):
        from pole_artois.core import cache, checks  # noqa: F401 (checks register themselves)

        # Every connection, in every process (server, shell, import commands), reports its writes
        # to the page cache.
        connection_created.connect(cache.install_on_connection)
