"""The machine-specific part of the Varnish configuration: deploy/varnish/backends.vcl.

deploy/varnish/default.vcl holds the caching policy and includes backends.vcl, which names the
app servers, probes their /healthz and says who may purge. The copy in the repository is an
example to edit; the benchmark and the multi-server test write theirs with this.
"""

from collections.abc import Iterable


def backends_vcl(
    servers: Iterable[tuple[str, int]],
    *,
    probe_host: str = "localhost",
    probe_interval_seconds: int = 5,
    purgers: Iterable[str] = ("127.0.0.1",),
) -> str:
    """backends.vcl for `servers` (host, port): each probed, all behind one round-robin
    director, and purges accepted from `purgers` only. `probe_host` must be in ALLOWED_HOSTS."""
    servers = list(servers)
    if not servers:
        raise ValueError("Varnish needs at least one app server.")
    lines = [
        "probe healthz {",
        f'    .request = "GET /healthz HTTP/1.1" "Host: {probe_host}"'
        ' "User-Agent: varnish-health-probe" "Connection: close";',
        f"    .interval = {probe_interval_seconds}s;",
        "    .timeout = 2s;",
        "    .window = 3;",
        "    .threshold = 2;",
        "    .initial = 2;",
        "}",
    ]
    for number, (host, port) in enumerate(servers, start=1):
        lines.append(
            f'backend app_server_{number} {{ .host = "{host}"; .port = "{port}"; '
            ".probe = healthz; }"
        )
    lines.append("acl purgers {")
    lines.extend(f'    "{address}";' for address in purgers)
    lines.append("}")
    lines.append("sub vcl_init {")
    lines.append("    new app_servers = directors.round_robin();")
    lines.extend(
        f"    app_servers.add_backend(app_server_{number});"
        for number in range(1, len(servers) + 1)
    )
    lines.append("}")
    return "\n".join(lines) + "\n"
