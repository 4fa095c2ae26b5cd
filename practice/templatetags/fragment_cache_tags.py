"""{% page_fragment "name" %}...{% endpage_fragment %}: renders its content once per published
revision of the context's `page` (see practice.page_cache.fragments)."""

from django import template

from practice.page_cache import fragments

register = template.Library()


class PageFragmentNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        key = fragments.fragment_key(
            self.name.resolve(context), context.get("page"), context.get("request")
        )
        if key is not None:
            html = fragments.get(key)
            if html is not None:
                return html  # A node's output is never escaped again.
        html = self.nodelist.render(context)
        if key is not None:
            fragments.save(key, str(html))
        return html


@register.tag
def page_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the fragment's name.")
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return PageFragmentNode(parser.compile_filter(bits[1]), nodelist)
