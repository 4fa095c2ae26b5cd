vcl 4.1;
# The practice site's HTTP cache, in front of the app servers (docs/deployment.md).
#
# The app is the authority on what may be shared: a response is kept only when the app marks it
# public or gives it an s-maxage, and never when it sets a cookie. Editors, reviewers, the contact
# form and anyone with a session or CSRF cookie always reach an app server. Publishing purges the
# pages it changes (Wagtail's HTTP purge backend: FRONTEND_CACHE_PURGE_URLS, practice/
# frontend_cache.py), and only the app servers may purge. A purge of a path drops it with every
# query string (a listing's ?page=2 and ?tag=...), at once.
#
# The machine-specific parts (app server addresses, the health probe's host name, the purge ACL,
# the director "app_servers") are in backends.vcl, found on varnishd's vcl_path.

import directors;
import std;

include "backends.vcl";

sub vcl_recv {
    set req.backend_hint = app_servers.backend();

    # One cache entry per page, whatever port or letter case the visitor's browser sent.
    set req.http.Host = std.tolower(regsub(req.http.Host, ":[0-9]+$", ""));

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # A ban on the stored host and path (set below) rather than a purge of one URL: it
        # covers every query string, and only compares strings, so no URL needs escaping.
        ban("obj.http.X-Cached-Host == " + req.http.Host +
            " && obj.http.X-Cached-Path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }

    # The admin, the contact form and its thank-you page, the health check, and search (search
    # terms must not be kept anywhere) always come from an app server.
    if (req.url ~ "^/(admin|django-admin|contact|search)(/|\?|$)" || req.url ~ "^/healthz") {
        return (pass);
    }

    # A session (a signed-in editor), a CSRF cookie (a form in progress) or a message waiting to
    # be shown: the app answers. Production names the first two __Host-sessionid and
    # __Host-csrftoken; development drops the prefix.
    if (req.http.Cookie ~ "(^|;\s*)(__Host-)?(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # Any other cookie means nothing to the site; without it the page can come from the cache.
    unset req.http.Cookie;

    # Grace: while an app server is healthy, a page past its lifetime is served for at most 10 s
    # while a fresh copy is fetched; when none is, stale pages keep the site readable (6 h).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
}

sub vcl_hash {
    # A page's key holds the path and only the query parameters pages read (the app's
    # PAGE_CACHE_QUERY_PARAMETERS: page, tag, p), each by its last value as Django reads it; so
    # tracking and junk parameters (?utm_source=, ?fbclid=) share the entry of the plain address.
    hash_data(regsub(req.url, "\?.*$", ""));
    if (req.url ~ "[?&]page=") {
        hash_data("page=" + regsub(req.url, "^.*[?&]page=([^&#]*).*$", "\1"));
    }
    if (req.url ~ "[?&]tag=") {
        hash_data("tag=" + regsub(req.url, "^.*[?&]tag=([^&#]*).*$", "\1"));
    }
    if (req.url ~ "[?&]p=") {
        hash_data("p=" + regsub(req.url, "^.*[?&]p=([^&#]*).*$", "\1"));
    }
    hash_data(req.http.Host);
    return (lookup);
}

sub vcl_backend_response {
    # An app server failing while a stale copy exists: keep serving the stale copy.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }

    # Kept only when the app says shared caches may keep it (public, or s-maxage).
    if (beresp.http.Cache-Control !~ "(^|,)\s*(public|s-maxage=[0-9]+)\s*(,|$)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }

    # What a purge matches on; on the stored object, so that Varnish's ban lurker can drop
    # banned objects in the background. Removed before delivery.
    set beresp.http.X-Cached-Host = bereq.http.Host;
    set beresp.http.X-Cached-Path = regsub(bereq.url, "\?.*$", "");

    set beresp.grace = 6h;
    # Keep expired copies a day longer, so a conditional request can revalidate them cheaply.
    set beresp.keep = 24h;

    # Pages are stored compressed; visitors whose browsers cannot take gzip get them unzipped.
    if (beresp.http.Content-Type ~ "^(text/|application/(xml|rss\+xml|atom\+xml|json|javascript))") {
        set beresp.do_gzip = true;
    }
    # Varnish's built-in rules follow: nothing with Set-Cookie, private, no-store or no-cache.
}

sub vcl_deliver {
    unset resp.http.X-Cached-Host;
    unset resp.http.X-Cached-Path;
    # Whether the cache answered: for the tests, the benchmark and anyone investigating.
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
