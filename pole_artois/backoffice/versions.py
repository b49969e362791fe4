"""What a version of the history changed, in words and field by field.

Django's admin writes "Modification de Summary [fr]": the field's English label, stored when it
was saved. Here the versions themselves are compared, and fields named in the reader's language:
"Résumé (français)".
"""

import difflib
import json
import re

from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext_lazy

# modeltranslation's labels as Django's log keeps them: "Summary [fr]".
LOGGED_TRANSLATED_LABEL = re.compile(r"(?P<label>.+) \[(?P<language>[\w-]+)\]")
LANGUAGE_OF_A_FIELD = {
    "fr": pgettext_lazy("language of a field", "French"),
    "en": pgettext_lazy("language of a field", "English"),
}


def field_label(field):
    """ "Résumé (français)" for the French field of a translated summary."""
    translated = getattr(field, "translated_field", None)
    if translated is None:
        return str(capfirst(field.verbose_name))
    language = LANGUAGE_OF_A_FIELD.get(field.language, field.language)
    return f"{capfirst(translated.verbose_name)} ({language})"


def _compared_fields(model):
    """The fields an editor fills in; of a translated field, its `_fr` and `_en` columns only
    (modeltranslation keeps the original column too, a copy of one of them)."""
    fields = model._meta.concrete_fields
    names = {field.name for field in fields}
    return [
        field
        for field in fields
        if field.editable
        and not field.primary_key
        and not any(f"{field.name}_{language}" in names for language in LANGUAGE_OF_A_FIELD)
    ]


def _shown(field, value):
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    return strip_tags(str(value))


def changed_labels(version, previous):
    """The labels of the fields whose value differs between two versions of one item."""
    if previous is None:
        return []
    then, now = previous.field_dict, version.field_dict
    return [
        field_label(field)
        for field in _compared_fields(version._model)
        if then.get(field.attname) != now.get(field.attname)
    ]


def _changed_fields(labels):
    return ngettext("Changed field: %(fields)s.", "Changed fields: %(fields)s.", len(labels)) % {
        "fields": ", ".join(labels)
    }


def _logged_label(label):
    """A field's label as Django's log stores it, untranslated ("Summary [fr]"), in words."""
    match = LOGGED_TRANSLATED_LABEL.fullmatch(label)
    if match is None:
        return _translated_label(label)
    language = LANGUAGE_OF_A_FIELD.get(match["language"], match["language"])
    return f"{_translated_label(match['label'])} ({language})"


def _translated_label(label):
    # The log keeps the form's label, a verbose name with a capital: "First name" for the
    # msgid "first name".
    translated = gettext(label)
    if translated == label:
        translated = gettext(label[:1].lower() + label[1:])
    return capfirst(translated)


def _logged_messages(change_message):
    """Django's log of a change as a list of what it did, or None for a text of its own."""
    try:
        messages = json.loads(change_message)
    except ValueError:
        return None
    return messages if isinstance(messages, list) else None


def _logged_rows(messages, with_own_fields):
    """The admin log's words for rows added, changed or deleted with an item (its inlines);
    its own changed fields too when `with_own_fields`."""
    words = []
    for message in messages:
        for kind, detail in message.items():
            row = {
                "name": gettext(detail.get("name", "")),
                "object": detail.get("object", ""),
            }
            if kind == "added" and detail:
                words.append(gettext("Added: %(name)s “%(object)s”.") % row)
            elif kind == "deleted":
                words.append(gettext("Deleted: %(name)s “%(object)s”.") % row)
            elif kind == "changed" and (with_own_fields or "name" in detail):
                change = _changed_fields([_logged_label(label) for label in detail["fields"]])
                if "name" in detail:
                    row["change"] = change
                    change = gettext("%(name)s “%(object)s”: %(change)s") % row
                words.append(change)
    return words


def logged_in_words(entry):
    """A change the admin's log kept (models without versions), in the reader's words."""
    messages = _logged_messages(entry.change_message)
    if messages is None:
        return entry.get_change_message()
    words = _logged_rows(messages, with_own_fields=True)
    if entry.is_addition() and not words:
        words = [pgettext_lazy("history", "First version.")]
    return " ".join(str(word) for word in words) or entry.get_change_message()


def in_words(version, previous):
    """What a version did, as the history lists it: its fields changed since the version
    before, the rows added, changed or deleted with it, or the comment it was saved with."""
    labels = changed_labels(version, previous)
    words = [pgettext_lazy("history", "First version.")] if previous is None else []
    if labels:
        words.append(_changed_fields(labels))
    comment = version.revision.comment
    messages = _logged_messages(comment)
    if messages is None:
        words.append(comment)
    else:
        words += _logged_rows(messages, with_own_fields=False)
    words = [str(word) for word in words if word]
    return " ".join(words) or pgettext_lazy("history", "No field changed.")


def word_diff(old, new):
    """The two texts as one, words taken out in <del>, words put in in <ins>."""
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            parts.append(("{}", " ".join(old_words[a_start:a_end])))
            continue
        if a_end > a_start:
            parts.append(("<del>{}</del>", " ".join(old_words[a_start:a_end])))
        if b_end > b_start:
            parts.append(("<ins>{}</ins>", " ".join(new_words[b_start:b_end])))
    return format_html_join(" ", "{}", ((format_html(pattern, text),) for pattern, text in parts))


def differences(version):
    """Field by field, what restoring `version` would change in the item as it is now: the
    label, and the text going from the current value (<del>) to the version's (<ins>)."""
    model = version._model
    current = model._base_manager.filter(pk=version.object_id).first()
    if current is None:
        return []
    rows = []
    for field in _compared_fields(model):
        now = getattr(current, field.attname)
        then = version.field_dict.get(field.attname)
        if now != then:
            rows.append((field_label(field), word_diff(_shown(field, now), _shown(field, then))))
    return rows
