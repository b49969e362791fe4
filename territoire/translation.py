from modeltranslation.translator import TranslationOptions, register

from territoire.models import Commune, Member, Scot


@register(Member)
class MemberTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "description", "logo_alt")
    required_languages = ("fr",)


@register(Commune)
class CommuneTranslationOptions(TranslationOptions):
    fields = ("description",)


@register(Scot)
class ScotTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("fr",)
