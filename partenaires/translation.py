from modeltranslation.translator import TranslationOptions, register

from partenaires.models import Partner


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "description", "logo_alt")
    required_languages = ("fr",)
