from modeltranslation.translator import TranslationOptions, register

from chantiers.models import (
    Chantier,
    Indicator,
    Milestone,
    Objective,
    ObjectiveDocument,
    ObjectiveUpdate,
    StatusChange,
)


@register(Chantier)
class ChantierTranslationOptions(TranslationOptions):
    fields = ("title", "domain", "summary", "body", "image_alt")
    required_languages = ("fr",)


@register(Objective)
class ObjectiveTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "contact_role")
    required_languages = ("fr",)


@register(ObjectiveUpdate)
class ObjectiveUpdateTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("fr",)


@register(ObjectiveDocument)
class ObjectiveDocumentTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("fr",)


@register(StatusChange)
class StatusChangeTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(Milestone)
class MilestoneTranslationOptions(TranslationOptions):
    fields = ("title", "note")
    required_languages = ("fr",)


@register(Indicator)
class IndicatorTranslationOptions(TranslationOptions):
    fields = ("name", "unit", "definition", "source")
    required_languages = ("fr",)
