from modeltranslation.translator import TranslationOptions, register

from pole_artois.institution.models import HistoryEvent, Mandate, PoleIdentity, StaffPosition


@register(PoleIdentity)
class PoleIdentityTranslationOptions(TranslationOptions):
    fields = ("publication_director_title",)


@register(Mandate)
class MandateTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(StaffPosition)
class StaffPositionTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("fr",)


@register(HistoryEvent)
class HistoryEventTranslationOptions(TranslationOptions):
    fields = ("title", "text")
    required_languages = ("fr",)
