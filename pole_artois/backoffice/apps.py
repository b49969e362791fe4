from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "pole_artois.backoffice"
    label = "backoffice"
    verbose_name = _("Back office")
    default = True

    def ready(self):
        from django.apps import apps

        from pole_artois.backoffice import history, roles

        history.register_models()
        # Roles follow the models: a model added later gets its group permissions at `migrate`.
        # Django sends post_migrate only for apps with models: hooked to auth, owner of groups.
        post_migrate.connect(roles.sync_after_migrate, sender=apps.get_app_config("auth"))


class PoleAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the Pôle's site (see sites.PoleAdminSite)."""

    default = False
    default_site = "pole_artois.backoffice.sites.PoleAdminSite"
