"""The admin's own sentences, written for each model as a French person writes them.

Django's admin builds its sentences from one pattern per message ("Ajout de %s"), which cannot
agree with a feminine noun ("ajoutée") nor elide before a vowel ("l'actualité"). Here every such
sentence is a `Phrase`: one English msgid under a context per grammatical case ("feminine",
"masculine, elided"…), so that the French catalogue holds each case as a whole sentence; and
each model declares the grammar of its noun (`NOUNS`). `WordingAdmin` puts the phrases into the
admin's titles, actions and messages, and the `wording` template tags into its pages.
"""

import dataclasses
import json
import re
from functools import partial

import reversion
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms import ClearableFileInput, Media
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from pole_artois.backoffice import versions

VOWELS = "aâàäeéèêëiîïoôöuûùüyœæh"


@dataclasses.dataclass(frozen=True)
class Noun:
    """The grammar of a model's name in the admin's sentences.

    `name` and `plural` replace the model's verbose names where those are titles rather than
    nouns (the team, the history) or untranslated (a library's model). `elided` is worked out
    from the first letter; set it to False for a noun with an aspirated h.
    """

    feminine: bool = False
    name: str | None = None
    plural: str | None = None
    elided: bool | None = None

    def singular_for(self, opts):
        return str(self.name or opts.verbose_name)

    def plural_for(self, opts):
        return str(self.plural or opts.verbose_name_plural)

    def is_elided(self, opts):
        if self.elided is not None:
            return self.elided
        return self.singular_for(opts)[:1].lower() in VOWELS


MASCULINE = Noun()
FEMININE = Noun(feminine=True)

# Every model of the admin, by label: a model registered without one fails the wording test.
NOUNS = {
    "auth.group": MASCULINE,
    "auth.user": MASCULINE,
    "axes.accessattempt": FEMININE,
    "axes.accesslog": FEMININE,
    "axes.accessfailurelog": MASCULINE,
    "otp_totp.totpdevice": Noun(
        feminine=True, name=_("authenticator app"), plural=_("authenticator apps")
    ),
    "territoire.member": FEMININE,
    "territoire.commune": FEMININE,
    "territoire.scot": MASCULINE,
    "partenaires.partner": MASCULINE,
    "chantiers.chantier": MASCULINE,
    "chantiers.objective": MASCULINE,
    "chantiers.objectiveupdate": MASCULINE,
    "chantiers.objectivedocument": MASCULINE,
    "chantiers.statuschange": MASCULINE,
    "chantiers.milestone": MASCULINE,
    "chantiers.indicator": MASCULINE,
    "chantiers.indicatorvalue": FEMININE,
    "institution.poleidentity": Noun(feminine=True, plural=_("identity records")),
    "institution.accessibilitystatement": FEMININE,
    "institution.accessibilityplan": MASCULINE,
    "institution.comitesyndical": MASCULINE,
    "institution.person": MASCULINE,
    "institution.mandate": MASCULINE,
    "institution.staffposition": Noun(plural=_("staff positions")),
    "institution.historyevent": Noun(plural=_("history events")),
    "institution.contactmessage": MASCULINE,
    "institution.page": FEMININE,
    "institution.article": Noun(feminine=True, plural=_("news articles")),
    "institution.seance": FEMININE,
    "institution.event": MASCULINE,
    "institution.deliberation": FEMININE,
    "institution.deliberationchange": FEMININE,
    "institution.minutescorrection": FEMININE,
    "following.follower": Noun(name=_("follower by e-mail"), plural=_("followers by e-mail")),
}


def noun_of(opts):
    return NOUNS.get(opts.label_lower, MASCULINE)


class Phrase:
    """One sentence about a model, in each grammatical case its French needs, formatted with
    `name` (the singular noun), `names` (the plural) and the caller's values."""

    def __init__(self, masculine, feminine, masculine_elided=None, feminine_elided=None):
        self.forms = {
            (False, False): masculine,
            (True, False): feminine,
            (False, True): masculine_elided or masculine,
            (True, True): feminine_elided or feminine,
        }

    def _text_and_values(self, opts, values):
        noun = noun_of(opts)
        text = str(self.forms[noun.feminine, noun.is_elided(opts)])
        return text, {"name": noun.singular_for(opts), "names": noun.plural_for(opts), **values}

    def __call__(self, opts, **values):
        """The sentence as text (escaped by the template that shows it)."""
        text, values = self._text_and_values(opts, values)
        return capfirst(text % values)

    def html(self, opts, **values):
        """The sentence as HTML, the values escaped unless already safe."""
        text, values = self._text_and_values(opts, values)
        escaped = {key: conditional_escape(value) for key, value in values.items()}
        return mark_safe(capfirst(conditional_escape(text) % escaped))  # noqa: S308 -- escaped


ADD = Phrase(
    pgettext_lazy("masculine", "Add %(name)s"),
    pgettext_lazy("feminine", "Add %(name)s"),
)
CHANGE = Phrase(
    pgettext_lazy("masculine", "Change %(name)s"),
    pgettext_lazy("feminine", "Change %(name)s"),
    pgettext_lazy("elided", "Change %(name)s"),
    pgettext_lazy("elided", "Change %(name)s"),
)
VIEW = Phrase(
    pgettext_lazy("masculine", "View %(name)s"),
    pgettext_lazy("feminine", "View %(name)s"),
    pgettext_lazy("elided", "View %(name)s"),
    pgettext_lazy("elided", "View %(name)s"),
)
SELECT_TO_CHANGE = Phrase(
    pgettext_lazy("masculine", "Select %(name)s to change"),
    pgettext_lazy("feminine", "Select %(name)s to change"),
)
SELECT_TO_VIEW = Phrase(
    pgettext_lazy("masculine", "Select %(name)s to view"),
    pgettext_lazy("feminine", "Select %(name)s to view"),
)
NEW = Phrase(
    pgettext_lazy("masculine", "New %(name)s"),
    pgettext_lazy("feminine", "New %(name)s"),
    pgettext_lazy("masculine, elided", "New %(name)s"),
)
ADD_ANOTHER = Phrase(
    pgettext_lazy("masculine", "Add another %(name)s"),
    pgettext_lazy("feminine", "Add another %(name)s"),
)
SAVE_AND_ADD_ANOTHER = Phrase(
    pgettext_lazy("masculine", "Save and add another"),
    pgettext_lazy("feminine", "Save and add another"),
)
RECOVER_DELETED = Phrase(
    pgettext_lazy("masculine", "Recover deleted %(names)s"),
    pgettext_lazy("feminine", "Recover deleted %(names)s"),
)
SELECT_ALL = Phrase(
    pgettext_lazy("masculine", "Select all %(count)s %(names)s"),
    pgettext_lazy("feminine", "Select all %(count)s %(names)s"),
)
# The list actions, by name.
ACTIONS = {
    "delete_selected": Phrase(
        pgettext_lazy("masculine", "Delete the selected %(names)s"),
        pgettext_lazy("feminine", "Delete the selected %(names)s"),
    ),
    "publish_selected": Phrase(
        pgettext_lazy("masculine", "Publish the selected %(names)s"),
        pgettext_lazy("feminine", "Publish the selected %(names)s"),
    ),
    "unpublish_selected": Phrase(
        pgettext_lazy("masculine", "Take the selected %(names)s offline (back to draft)"),
        pgettext_lazy("feminine", "Take the selected %(names)s offline (back to draft)"),
    ),
}
DELETE_CONFIRM = Phrase(
    pgettext_lazy(
        "masculine",
        "Are you sure you want to delete the %(name)s “%(obj)s”? All of the following "
        "related items will be deleted:",
    ),
    pgettext_lazy(
        "feminine",
        "Are you sure you want to delete the %(name)s “%(obj)s”? All of the following "
        "related items will be deleted:",
    ),
    pgettext_lazy(
        "elided",
        "Are you sure you want to delete the %(name)s “%(obj)s”? All of the following "
        "related items will be deleted:",
    ),
    pgettext_lazy(
        "elided",
        "Are you sure you want to delete the %(name)s “%(obj)s”? All of the following "
        "related items will be deleted:",
    ),
)
DELETE_FORBIDDEN = Phrase(
    pgettext_lazy(
        "masculine",
        "Deleting the %(name)s “%(obj)s” would delete related items that your account may "
        "not delete:",
    ),
    pgettext_lazy(
        "feminine",
        "Deleting the %(name)s “%(obj)s” would delete related items that your account may "
        "not delete:",
    ),
    pgettext_lazy(
        "elided",
        "Deleting the %(name)s “%(obj)s” would delete related items that your account may "
        "not delete:",
    ),
    pgettext_lazy(
        "elided",
        "Deleting the %(name)s “%(obj)s” would delete related items that your account may "
        "not delete:",
    ),
)
DELETE_PROTECTED = Phrase(
    pgettext_lazy(
        "masculine",
        "The %(name)s “%(obj)s” cannot be deleted while these protected items depend on it:",
    ),
    pgettext_lazy(
        "feminine",
        "The %(name)s “%(obj)s” cannot be deleted while these protected items depend on it:",
    ),
    pgettext_lazy(
        "masculine, elided",
        "The %(name)s “%(obj)s” cannot be deleted while these protected items depend on it:",
    ),
    pgettext_lazy(
        "feminine, elided",
        "The %(name)s “%(obj)s” cannot be deleted while these protected items depend on it:",
    ),
)
DELETE_SELECTED_CONFIRM = Phrase(
    pgettext_lazy(
        "masculine",
        "Are you sure you want to delete the selected %(names)s? All of the following items "
        "and those related to them will be deleted:",
    ),
    pgettext_lazy(
        "feminine",
        "Are you sure you want to delete the selected %(names)s? All of the following items "
        "and those related to them will be deleted:",
    ),
)
DELETE_SELECTED_FORBIDDEN = Phrase(
    pgettext_lazy(
        "masculine",
        "Deleting the selected %(names)s would delete related items that your account may "
        "not delete:",
    ),
    pgettext_lazy(
        "feminine",
        "Deleting the selected %(names)s would delete related items that your account may "
        "not delete:",
    ),
)
DELETE_SELECTED_PROTECTED = Phrase(
    pgettext_lazy(
        "masculine",
        "The selected %(names)s cannot be deleted while these protected items depend on them:",
    ),
    pgettext_lazy(
        "feminine",
        "The selected %(names)s cannot be deleted while these protected items depend on them:",
    ),
)
ADDED = Phrase(
    pgettext_lazy("masculine", "The %(name)s “%(obj)s” was added successfully."),
    pgettext_lazy("feminine", "The %(name)s “%(obj)s” was added successfully."),
    pgettext_lazy("masculine, elided", "The %(name)s “%(obj)s” was added successfully."),
    pgettext_lazy("feminine, elided", "The %(name)s “%(obj)s” was added successfully."),
)
CHANGED = Phrase(
    pgettext_lazy("masculine", "The %(name)s “%(obj)s” was changed successfully."),
    pgettext_lazy("feminine", "The %(name)s “%(obj)s” was changed successfully."),
    pgettext_lazy("masculine, elided", "The %(name)s “%(obj)s” was changed successfully."),
    pgettext_lazy("feminine, elided", "The %(name)s “%(obj)s” was changed successfully."),
)
DELETED = Phrase(
    pgettext_lazy("masculine", "The %(name)s “%(obj)s” was deleted successfully."),
    pgettext_lazy("feminine", "The %(name)s “%(obj)s” was deleted successfully."),
    pgettext_lazy("masculine, elided", "The %(name)s “%(obj)s” was deleted successfully."),
    pgettext_lazy("feminine, elided", "The %(name)s “%(obj)s” was deleted successfully."),
)
EDIT_AGAIN = Phrase(
    pgettext_lazy("masculine", "You may edit it again below."),
    pgettext_lazy("feminine", "You may edit it again below."),
)
ADD_ANOTHER_BELOW = Phrase(
    pgettext_lazy("masculine", "You may add another %(name)s below."),
    pgettext_lazy("feminine", "You may add another %(name)s below."),
)
CHANGE_SELECTED = Phrase(
    pgettext_lazy("masculine", "Change the selected %(name)s"),
    pgettext_lazy("feminine", "Change the selected %(name)s"),
    pgettext_lazy("masculine, elided", "Change the selected %(name)s"),
    pgettext_lazy("feminine, elided", "Change the selected %(name)s"),
)
DELETE_SELECTED = Phrase(
    pgettext_lazy("masculine", "Delete the selected %(name)s"),
    pgettext_lazy("feminine", "Delete the selected %(name)s"),
    pgettext_lazy("masculine, elided", "Delete the selected %(name)s"),
    pgettext_lazy("feminine, elided", "Delete the selected %(name)s"),
)
VIEW_SELECTED = Phrase(
    pgettext_lazy("masculine", "View the selected %(name)s"),
    pgettext_lazy("feminine", "View the selected %(name)s"),
    pgettext_lazy("masculine, elided", "View the selected %(name)s"),
    pgettext_lazy("feminine, elided", "View the selected %(name)s"),
)
MISSING = Phrase(
    pgettext_lazy("masculine", "No %(name)s has the ID “%(key)s”. Perhaps it was deleted?"),
    pgettext_lazy("feminine", "No %(name)s has the ID “%(key)s”. Perhaps it was deleted?"),
)

# Django's own msgids (translated by its catalogue, not ours: hence the alias, which
# makemessages does not collect), with the phrases that say the same for one model.
django_says = gettext
DJANGO_MESSAGES = [
    (
        ["The {name} “{obj}” was added successfully.", "You may edit it again below."],
        (ADDED, EDIT_AGAIN),
    ),
    (
        [
            "The {name} “{obj}” was added successfully. You may add another {name} below.",
        ],
        (ADDED, ADD_ANOTHER_BELOW),
    ),
    (["The {name} “{obj}” was added successfully."], (ADDED,)),
    (
        ["The {name} “{obj}” was changed successfully. You may edit it again below."],
        (CHANGED, EDIT_AGAIN),
    ),
    (
        ["The {name} “{obj}” was changed successfully. You may add another {name} below."],
        (CHANGED, ADD_ANOTHER_BELOW),
    ),
    (["The {name} “{obj}” was changed successfully."], (CHANGED,)),
    (["The %(name)s “%(obj)s” was deleted successfully."], (DELETED,)),
    (["%(name)s with ID “%(key)s” doesn\u2019t exist. Perhaps it was deleted?"], (MISSING,)),
]
PLACEHOLDER = re.compile(r"(\{name\}|%\(name\)s|\{obj\}|%\(obj\)s|%\(key\)s)")


def _django_message_pattern(msgids, name):
    text = " ".join(django_says(msgid) for msgid in msgids)
    pattern = ""
    for part in PLACEHOLDER.split(text):
        if part in ("{name}", "%(name)s"):
            pattern += re.escape(name)
        elif part in ("{obj}", "%(obj)s"):
            pattern += "(?P<obj>.*)"
        elif part == "%(key)s":
            pattern += "(?P<key>.*)"
        else:
            pattern += re.escape(part)
    return re.compile(pattern, re.DOTALL)


def reworded(message, opts):
    """Django's message about an item of `opts`, said with the model's grammar; any other
    message unchanged. The item's name in Django's message is HTML (a link) when the message
    is safe, text otherwise: it is carried over as it is."""
    is_html = hasattr(message, "__html__")
    text = str(message)
    name = str(opts.verbose_name)
    for msgids, phrases in DJANGO_MESSAGES:
        found = _django_message_pattern(msgids, conditional_escape(name) if is_html else name)
        match = found.fullmatch(text)
        if match is None:
            continue
        values = match.groupdict()
        if is_html:
            # Parts of Django's own HTML message (a link to the item): already escaped.
            values = {key: mark_safe(value) for key, value in values.items()}  # noqa: S308
        return format_html_join(" ", "{}", ((phrase.html(opts, **values),) for phrase in phrases))
    return message


class WordingAdmin:
    """The admin's titles, actions, messages and history in the words of the model's noun; and
    its forms' widgets named for everyone (labelled file inputs, accessible-admin.js)."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The version and recovery pages of the history keep their own titles.
        if not (context.get("revert") or context.get("recover")):
            if add:
                phrase = ADD
            elif self.has_change_permission(request, obj):
                phrase = CHANGE
            else:
                phrase = VIEW
            context["title"] = phrase(self.opts)
        _word_widgets(context["adminform"].form.fields)
        for inline in context.get("inline_admin_formsets", []):
            inline.inline_formset_data = partial(_worded_inline_formset_data, inline)
            # The inline's empty row is built from its form's fields when shown.
            _word_widgets(inline.formset.form.base_fields)
            for form in inline.formset.forms:
                _word_widgets(form.fields)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        phrase = SELECT_TO_CHANGE if self.has_change_permission(request) else SELECT_TO_VIEW
        context = {"title": phrase(self.opts), **(extra_context or {})}
        return super().changelist_view(request, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id, object_id=unquote(object_id))
        context = {
            "title": gettext("Version of %(date)s")
            % {"date": date_format(localtime(version.revision.date_created), "DATETIME_FORMAT")},
            "differences": versions.differences(version),
            **(extra_context or {}),
        }
        return super().revision_view(request, object_id, version_id, context)

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        context = {
            "title": gettext("Recover “%(name)s”") % {"name": version.object_repr},
            **(extra_context or {}),
        }
        return super().recover_view(request, version_id, context)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        actions = getattr(response, "context_data", {}).get("action_list")
        if actions and isinstance(actions[0], dict):
            self._add_words(actions, unquote(object_id))
        elif actions:
            # A model without versions: the admin's log, each entry said in words.
            actions.object_list = list(actions.object_list)
            for entry in actions.object_list:
                entry.get_change_message = partial(versions.logged_in_words, entry)
        return response

    def _add_words(self, actions, object_id):
        """Each version of the history, with what it changed compared to the one before."""
        by_revision = {
            version.revision_id: version
            for version in Version.objects.get_for_object_reference(self.model, object_id)
        }
        ordered = sorted(by_revision.values(), key=lambda version: version.pk)
        previous = dict(zip([v.pk for v in ordered[1:]], ordered, strict=False))
        for action in actions:
            version = by_revision.get(action["revision"].pk)
            if version is not None:
                action["words"] = versions.in_words(version, previous.get(version.pk))

    def log_addition(self, request, obj, message):
        return self._without_django_comment(super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return self._without_django_comment(super().log_change(request, obj, message))

    def _without_django_comment(self, entry):
        # django-reversion keeps Django's change message as the version's comment in the
        # words of whoever saved it ("Modification de Summary [fr]"): kept as the log's data
        # instead, said in the reader's words when shown (versions.in_words).
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    def recoverlist_view(self, request, extra_context=None):
        context = {"title": RECOVER_DELETED(self.opts), **(extra_context or {})}
        return super().recoverlist_view(request, context)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        for name, phrase in ACTIONS.items():
            action = actions.get(name)
            if action is None:
                continue
            # The admin formats each description with the model's names.
            description = phrase(self.opts).replace("%", "%%")
            if isinstance(action, tuple):
                actions[name] = (*action[:2], description)
            else:
                # What the list says of the selected items; the change form keeps its own.
                actions[name] = dataclasses.replace(action, plural_description=description)
        return actions

    def message_user(self, request, message, *args, **kwargs):
        super().message_user(request, reworded(message, self.opts), *args, **kwargs)

    @property
    def media(self):
        return super().media + Media(
            css={"all": ["backoffice/admin.css"]}, js=["backoffice/accessible-admin.js"]
        )

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return _labelled_items(deleted), model_count, perms_needed, _labelled_items(protected)


def _worded_inline_formset_data(inline_admin_formset):
    """What the inline's script gets from Django, its "add another" link in the words of the
    row's model ("Ajouter un autre document", not "Ajouter un objet Document supplémentaire")."""
    data = json.loads(type(inline_admin_formset).inline_formset_data(inline_admin_formset))
    data["options"]["addText"] = ADD_ANOTHER(inline_admin_formset.opts.opts)
    return json.dumps(data)


def _word_widgets(fields):
    """The links beside a related field ("Modifier l'objet chantier sélectionné" in Django's
    words) in the words of the related model; a file input named by its label (Django puts it
    in a fieldset whose legend does not name the input itself)."""
    for field in fields.values():
        if isinstance(field.widget, RelatedFieldWidgetWrapper):
            field.widget.template_name = "backoffice/widgets/related_widget_wrapper.html"
        if isinstance(field.widget, ClearableFileInput):
            field.widget.use_fieldset = False


def labelled(label, value):
    """ "Commune : Lens": a label and its value, with the colon as the language writes it."""
    text = conditional_escape(pgettext_lazy("a label and its value", "%(label)s: %(value)s"))
    values = {"label": conditional_escape(label), "value": conditional_escape(value)}
    return mark_safe(text % values)  # noqa: S308 -- every part is escaped


def _labelled_items(items):
    """Django's list of what a deletion takes ("Commune: <a>Lens</a>"), nested lists kept."""
    result = []
    for item in items:
        if isinstance(item, list):
            result.append(_labelled_items(item))
            continue
        label, separator, value = str(item).partition(": ")
        # The value is Django's HTML (a link to the item), escaped by Django.
        result.append(labelled(label, mark_safe(value)) if separator else item)  # noqa: S308
    return result
