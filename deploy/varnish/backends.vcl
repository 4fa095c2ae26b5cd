# The machine-specific part of default.vcl: one backend per app server, the health probe, the
# director that spreads requests over them, and the addresses allowed to purge.
# Edit for the deployment; the test suite writes its own copy with the ports it picked.

probe healthz {
    # The Host must be one of the app's ALLOWED_HOSTS.
    .request =
        "GET /healthz HTTP/1.1"
        "Host: localhost"
        "User-Agent: varnish-health-probe"
        "Connection: close";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
}

backend app_server_1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = healthz;
}

backend app_server_2 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = healthz;
}

# Who may purge: the machines running task workers (they send the purges) and app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app_servers = directors.round_robin();
    app_servers.add_backend(app_server_1);
    app_servers.add_backend(app_server_2);
}
