"""{% fragment "name" part ... %}…{% endfragment %}: the costly part of a page, built once and
kept until the tables it was built from are written (core/cache.py, cached_fragment).

The parts are everything the enclosed HTML varies on besides the language and the database: the
object shown, the page number, the filters. What is this visitor's own (a form with a CSRF token,
a CSP nonce) must stay outside: such a fragment is built each time.
"""

from django import template

from pole_artois.core.cache import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, parts, nodelist):
        self.name, self.parts, self.nodelist = name, parts, nodelist

    def render(self, context):
        return cached_fragment(
            context.get("request"),
            self.name.resolve(context),
            [part.resolve(context) for part in self.parts],
            lambda: self.nodelist.render(context),
        )


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )
