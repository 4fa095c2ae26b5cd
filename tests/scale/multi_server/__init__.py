"""The real thing on one machine: separate app server, task worker, Varnish and mail processes
sharing one PostgreSQL database and one Redis, as in production (docs/deployment.md).

Everything listens on loopback only, on ports the system picks, and every process is stopped
(then killed, if it lingers) when the test module ends.
"""

from .cluster import INQUIRY_RATE_LIMIT, Cluster
from .processes import VARNISH_DIRECTORY, find_varnishd
from .visitor import Visitor

__all__ = ["INQUIRY_RATE_LIMIT", "VARNISH_DIRECTORY", "Cluster", "Visitor", "find_varnishd"]
