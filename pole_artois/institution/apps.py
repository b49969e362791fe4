from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionConfig(AppConfig):
    name = "pole_artois.institution"
    label = "institution"
    verbose_name = _("The Pôle")
