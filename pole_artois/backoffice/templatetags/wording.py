"""`{% say "add" opts %}`: the admin's sentence about a model, in its grammar (see wording.py)."""

from django import template
from django.apps import apps

from pole_artois.backoffice import wording

register = template.Library()

PHRASES = {
    "add": wording.ADD,
    "new": wording.NEW,
    "save_and_add_another": wording.SAVE_AND_ADD_ANOTHER,
    "recover_deleted": wording.RECOVER_DELETED,
    "select_all": wording.SELECT_ALL,
    "delete_confirm": wording.DELETE_CONFIRM,
    "delete_forbidden": wording.DELETE_FORBIDDEN,
    "delete_protected": wording.DELETE_PROTECTED,
    "delete_selected_confirm": wording.DELETE_SELECTED_CONFIRM,
    "delete_selected_forbidden": wording.DELETE_SELECTED_FORBIDDEN,
    "delete_selected_protected": wording.DELETE_SELECTED_PROTECTED,
}


@register.simple_tag
def say(phrase, opts, **values):
    return PHRASES[phrase].html(opts, **values)


PHRASES.update(
    add_another=wording.ADD_ANOTHER,
    change_selected=wording.CHANGE_SELECTED,
    delete_selected=wording.DELETE_SELECTED,
    view_selected=wording.VIEW_SELECTED,
)


@register.simple_tag
def say_of_model(phrase, model_name, **values):
    """The sentence about the model named `model_name` (what a related field's links know of
    the model they lead to)."""
    opts = next(model._meta for model in apps.get_models() if model._meta.model_name == model_name)
    return PHRASES[phrase].html(opts, **values)


@register.simple_tag
def labelled(label, value):
    return wording.labelled(label, value)
