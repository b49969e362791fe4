"""Paginated public lists whose first page costs nothing before its fragment.

A list's body is a fragment ({% fragment %}, core/cache.py): kept, it saves reading the rows, but
not what the view does before the template. ListView counts the rows first, to know whether the
page asked for exists, and builds the rows' queryset (a filter form checked, an ORM expression
compiled) even when no row is read.
"""

from django.core.paginator import Page
from django.utils.functional import SimpleLazyObject
from django.views.generic.list import MultipleObjectMixin


class FirstPageUncountedMixin(MultipleObjectMixin):
    """ListView's pages, but the first one, which exists whatever the count (an empty one says
    that nothing matches), builds nothing before the template reads it: the queryset, its
    paginator and the rows are built by what shows them (the rows, the number found, the page
    links), inside the page's fragment, which a kept fragment saves. Other pages are counted
    first, as ListView does: their number decides the 404.

    The view names its template and its rows (template_name, context_object_name): ListView
    guesses both from the queryset's model, which would build it. What the template shows besides
    the rows and depends on the query string (a filter form) must be lazy too, and what decides
    the status must not wait for get_queryset().
    """

    def _first_page_uncounted(self):
        return (
            self.kwargs.get(self.page_kwarg) is None
            and self.request.GET.get(self.page_kwarg, "1") == "1"
            and not self.get_paginate_orphans()
            and self.get_allow_empty()
        )

    def get(self, request, *args, **kwargs):
        if not self._first_page_uncounted():
            return super().get(request, *args, **kwargs)
        # ListView.get(), with the queryset built when first read.
        self.object_list = SimpleLazyObject(self.get_queryset)
        return self.render_to_response(self.get_context_data())

    def get_template_names(self):
        # ListView adds a name guessed from the queryset's model, which would build it.
        if self.template_name is None:
            return super().get_template_names()
        return [self.template_name]

    def paginate_queryset(self, queryset, page_size):
        if not self._first_page_uncounted():
            return super().paginate_queryset(queryset, page_size)
        paginator = SimpleLazyObject(
            lambda: self.get_paginator(
                queryset, page_size, allow_empty_first_page=self.get_allow_empty()
            )
        )
        page = Page(SimpleLazyObject(lambda: queryset[:page_size]), 1, paginator)
        return paginator, page, page.object_list, SimpleLazyObject(page.has_other_pages)
