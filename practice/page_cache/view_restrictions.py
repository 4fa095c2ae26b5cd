"""Lets a page loaded from the route cache skip reading its view restrictions again."""


class KnownViewRestrictions:
    """Mixed into every page model: the view restrictions read when its route was cached.

    Wagtail's serve hook iterates over `get_view_restrictions()`; a page loaded from the route
    cache answers with the restrictions read when its route was first resolved (they are part
    of what clears the cache). Everywhere else, the admin included, the query runs as usual.
    """

    def get_view_restrictions(self):
        known = self.__dict__.get("_known_view_restrictions")
        if known is not None:
            return known
        return super().get_view_restrictions()
