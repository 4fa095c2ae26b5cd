"""gunicorn configuration for production: `gunicorn -c practice/gunicorn.py`."""

import os

wsgi_app = "practice.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# A request that takes longer than this is stuck; the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound, but rarely: each
# restart boots Django again (about a second of CPU), and at cached-page rates 5,000 requests
# went by every few seconds, stalling a busy minute with restarts.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
# Access logs hold the method, the path without its query string, the status and the duration:
# no visitor address, no referrer, no search terms (people search symptoms), no admin filters.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
