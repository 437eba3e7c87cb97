"""Who is reporting: a signed first-party cookie plus a salted hash of the IP network.

No raw IP address is stored: the network (/24 for IPv4, /48 for IPv6) is
hashed with a secret salt, and the reporter key is a hash of the cookie's
random id and that network hash.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass

COOKIE_NAME = "akhbar_reporter"
COOKIE_SALT = "akhbar.moderation.reporter"
COOKIE_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Reporter:
    key: str  # one per cookie and network: what "distinct reporters" counts
    network: str  # salted hash of the client's network
    cookie_id: str
    new_cookie: bool


def client_ip(remote_addr: str, forwarded_for: str, trusted_proxies: list[str]) -> str:
    """The client's address: the last untrusted hop of X-Forwarded-For behind trusted proxies."""
    if remote_addr not in trusted_proxies or not forwarded_for:
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted_proxies:
            return hop
    return remote_addr


def network_of(ip: str) -> str:
    """The /24 (IPv4) or /48 (IPv6) network of an address; the text itself when unparsable."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def salted_hash(salt: str, *parts: str) -> str:
    message = "\x1f".join(parts).encode("utf-8")
    return hmac.new(salt.encode("utf-8"), message, hashlib.sha256).hexdigest()


def reporter_for(request, salt: str, trusted_proxies: list[str]) -> Reporter:
    cookie_id = request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT)
    new_cookie = cookie_id is None
    if new_cookie:
        cookie_id = secrets.token_urlsafe(18)
    ip = client_ip(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        trusted_proxies,
    )
    network = salted_hash(salt, "network", network_of(ip))
    key = salted_hash(salt, "reporter", cookie_id, network)
    return Reporter(key=key, network=network, cookie_id=cookie_id, new_cookie=new_cookie)


def remember(response, reporter: Reporter) -> None:
    if reporter.new_cookie:
        response.set_signed_cookie(
            COOKIE_NAME,
            reporter.cookie_id,
            salt=COOKIE_SALT,
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
        )
