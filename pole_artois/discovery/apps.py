from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _add_fold_to_sqlite(sender, connection, **kwargs):
    """SQLite has no unaccent(): the search folds text with the same Python code as the rest."""
    if connection.vendor == "sqlite":
        from pole_artois.discovery.expressions import SQLITE_FOLD_FUNCTION, sqlite_fold

        connection.connection.create_function(
            SQLITE_FOLD_FUNCTION, 1, sqlite_fold, deterministic=True
        )


class DiscoveryConfig(AppConfig):
    name = "pole_artois.discovery"
    label = "discovery"
    verbose_name = _("Discovery")

    def ready(self):
        connection_created.connect(_add_fold_to_sqlite, dispatch_uid="discovery-sqlite-fold")
