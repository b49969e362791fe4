# Where Varnish finds the portal, and who may purge it: pole.vcl includes "backends.vcl" from
# vcl_path (/etc/varnish by default), the one file a deployment writes, starting from this example
# (a single gunicorn on the same machine). Several app servers: docs/production.md.

backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 35s;
}

# The addresses allowed to send BAN: every app server (each one purges after its own edits).
acl purgers {
    "127.0.0.1";
    "::1";
}
