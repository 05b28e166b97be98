"""System checks of the deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def proxy_addresses_are_trusted(app_configs, **kwargs):
    """Behind the TLS proxy (HTTPS=1) without TRUSTED_PROXIES every visitor has the proxy's
    address: one visitor's questions would close the form for everyone."""
    if getattr(settings, "HTTPS", False) and not settings.TRUSTED_PROXIES:
        return [
            Warning(
                "HTTPS=1 (behind a proxy) but TRUSTED_PROXIES is empty: every visitor counts "
                "as the proxy's address for the rate limits, the lockout and consent records.",
                hint="Set TRUSTED_PROXIES to the proxy's addresses, e.g. 127.0.0.1,::1 for an "
                "nginx on the same host.",
                id="moc_portal.W001",
            )
        ]
    return []
