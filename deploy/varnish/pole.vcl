# Varnish in front of the portal: keeps what the app marks public, purged by the app's edits.
#
# The app decides (pole_artois/core/http_cache.py): an anonymous page it can purge says
# "Cache-Control: public, s-maxage=..., stale-while-revalidate=..." and lists in X-Pole-Keys the
# tables it was built from; everything else says private, no-store or no-cache. This VCL adds
# only what the app cannot see: cookies it ignores are dropped before the lookup, the admin and
# the contact form are never looked up, and a BAN from an app server bans by keys.
# Backends and the purgers' addresses come from the deployment's backends.vcl, found on vcl_path
# (see backends.example.vcl beside this file).

vcl 4.1;

import std;

include "backends.vcl";

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # Table names only: the header becomes part of a regular expression.
        if (req.http.X-Pole-Keys !~ "^[a-z0-9_]+( [a-z0-9_]+)*$") {
            return (synth(400, "X-Pole-Keys must list table names"));
        }
        # On obj.* only, so that the ban lurker clears matching objects in the background.
        if (std.ban("obj.http.X-Pole-Keys ~ (^|\s)(" + regsuball(req.http.X-Pole-Keys, " ", "|")
                    + ")(\s|$)")) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin (both languages) and the contact form: personal, whatever the headers say.
    if (req.url ~ "^/(en/)?(gestion|contact)(/|$)") {
        return (pass);
    }
    # The CSRF and language cookies change no page the app marks public: without them every
    # anonymous visitor shares one copy. Any other cookie (a session) goes to the app.
    if (req.http.Cookie) {
        set req.http.Cookie = regsuball(req.http.Cookie, "(^|;)\s*(csrftoken|django_language)=[^;]*", "");
        set req.http.Cookie = regsub(req.http.Cookie, "^[;\s]+", "");
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }
    if (req.http.Cookie || req.http.Authorization) {
        return (pass);
    }
    # Query parameters are left alone: the app answers unknown ones (utm_*, fbclid) with a
    # redirect to the address without them, which is the page to keep.
    return (hash);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Only what the app marks public, and never with a cookie: the rest is fetched every time
    # (a hit-for-miss object, which a later public answer replaces).
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "(^|,)\s*public\s*(,|$)"
        || beresp.http.Cache-Control ~ "private|no-store|no-cache") {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # beresp.ttl comes from s-maxage, beresp.grace from stale-while-revalidate. Kept a little
    # longer still, a stale copy lets Varnish ask the app with If-None-Match: a 304 from the
    # page cache costs the app a lookup, not a page.
    set beresp.keep = 10m;
    return (deliver);
}

sub vcl_deliver {
    # The keys are for bans, not for visitors.
    unset resp.http.X-Pole-Keys;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
