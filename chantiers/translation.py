from modeltranslation.translator import TranslationOptions, register

from chantiers.models import Chantier, Objective, ObjectiveDocument, ObjectiveUpdate


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
