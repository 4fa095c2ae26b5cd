"""What Django and django-csp leave to the project: response headers, the admin's own Content
Security Policy, and the client's address behind the proxy.

The settings that drive these live in the "Security" section of practice/settings/base.py.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class SecurityHeadersMiddleware:
    """Headers Django has no setting for: Permissions-Policy and Cross-Origin-Resource-Policy.

    The admin's pages may also use passkeys (PERMISSIONS_POLICY_ADMIN_SELF_FEATURES), for
    themselves only; public pages may not.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        disabled = [f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DISABLED_FEATURES]
        self.permissions_policy = ", ".join(
            disabled
            + [f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_ADMIN_SELF_FEATURES]
        )
        self.admin_permissions_policy = ", ".join(
            disabled
            + [f"{feature}=(self)" for feature in settings.PERMISSIONS_POLICY_ADMIN_SELF_FEATURES]
        )

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = _starts_with_any(request.path_info, settings.ADMIN_PATH_PREFIXES)
        response.setdefault(
            "Permissions-Policy",
            self.admin_permissions_policy if is_admin else self.permissions_policy,
        )
        response.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        return response


def _starts_with_any(path: str, prefixes) -> bool:
    return any(path.startswith(prefix) for prefix in prefixes)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policies.

    Public pages get CONTENT_SECURITY_POLICY. The admin's editing screens get
    ADMIN_CONTENT_SECURITY_POLICY, with the strict ADMIN_CONTENT_SECURITY_POLICY_REPORT_ONLY
    alongside; the sign-in pages get ADMIN_SIGN_IN_CONTENT_SECURITY_POLICY, and the pages that
    show what patients wrote (and the second-factor pages) ADMIN_STRICT_CONTENT_SECURITY_POLICY.
    A view's own @csp decorator still wins.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if getattr(request, "is_dummy", False):
            # Wagtail renders a page preview through a made-up request for the page's own URL;
            # the admin request around it sets the policy, or the public one would forbid the
            # admin from framing its preview.
            parts.config = {}
            return parts
        path = request.path_info
        if parts.config is not None or not _starts_with_any(path, settings.ADMIN_PATH_PREFIXES):
            return parts
        if _starts_with_any(path, settings.ADMIN_SIGN_IN_PATH_PREFIXES):
            policy = None if report_only else settings.ADMIN_SIGN_IN_CONTENT_SECURITY_POLICY
        elif _starts_with_any(path, settings.ADMIN_STRICT_PATH_PREFIXES):
            policy = None if report_only else settings.ADMIN_STRICT_CONTENT_SECURITY_POLICY
        elif report_only:
            policy = settings.ADMIN_CONTENT_SECURITY_POLICY_REPORT_ONLY
        else:
            policy = settings.ADMIN_CONTENT_SECURITY_POLICY
        # An empty policy makes django-csp send no header.
        parts.config = dict(policy["DIRECTIVES"]) if policy else {}
        return parts


def client_ip_address(request) -> str:
    """The visitor's address as the TLS proxy saw it.

    The proxy appends the address it accepted the connection from to X-Forwarded-For; anything to
    the left of the entries our own proxies added came from the client and cannot be trusted.
    TRUSTED_PROXY_COUNT says how many proxies stand in front of the app server (0: none).
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
