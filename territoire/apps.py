from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoireConfig(AppConfig):
    name = "territoire"
    verbose_name = _("Territory")
