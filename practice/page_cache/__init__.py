"""The page cache: whole public pages kept for anonymous visitors until an editor changes something.

`middleware.PageCacheMiddleware` serves and fills it; `invalidation` clears it (by bumping the
generation in `store`) whenever content that any page shows is changed.
"""
