"""``base_url``: the address a site is served from, checked before any page names it (an
absolute http(s) URL of a host and a path, nothing else, whose every character can go into
a page, a feed and ``robots.txt`` as it is)."""

from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

from mot_blog.load.yamldoc import kind_of

_BASE_URL_FORM = "an absolute http(s) URL, e.g. https://blog.example.com/"
_HOST_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")
_URL_CHARACTER = re.compile(r"[A-Za-z0-9._~!$&()*+,;=:@%/?#\[\]-]")
"""What a URL may hold as it is (RFC 3986), but the quote ``'``: pages write the base
URL into attributes, and ``robots.txt`` writes it raw."""
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def base_url_problem(value: Any) -> str | None:
    """What is wrong with ``base_url`` (None: nothing): it must be an absolute http(s) URL
    of a host and a path, nothing else, whose every character can go in a page as it is."""
    if not isinstance(value, str):
        return f"'base_url' must be {_BASE_URL_FORM}, not {kind_of(value)}"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:  # 'http://[oops', 'http://host:99999/'
        if "port" in str(exc).lower():
            return "'base_url' has a port that is not a number from 1 to 65535; fix or remove it"
        return f"'base_url' must be {_BASE_URL_FORM}"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"'base_url' must be {_BASE_URL_FORM}"
    if not value.isascii():
        return (
            "'base_url' holds characters that are not ASCII; write the host in its "
            "xn-- form and percent-encode the path (e.g. %C3%A9 for é)"
        )
    # (urlsplit drops tabs and line breaks, and spaces at the ends: look at the text itself)
    bad = next((c for c in value if not _URL_CHARACTER.match(c)), None)
    if bad is not None:
        shown = "a space" if bad == " " else f"{bad!r}"
        return (
            f"'base_url' holds {shown}, which a URL cannot hold as it is; "
            "percent-encode it (%20 for a space) or remove it"
        )
    if "@" in parts.netloc:
        return f"'base_url' holds a user name or password; give only the host, {_BASE_URL_FORM}"
    if port == 0:
        return "'base_url' has port 0; a port is a number from 1 to 65535"
    if parts.query or parts.fragment or value.rstrip("?#") != value:
        return f"'base_url' has a query or fragment ('?', '#'); remove it: {_BASE_URL_FORM}"
    host = parts.hostname or ""
    if not _valid_host(host, parts.netloc):
        return (
            f"'base_url' has the host {host!r}, which is no domain name or IP address; "
            f"write it as {_BASE_URL_FORM}"
        )
    path = parts.path
    if _PERCENT.search(path):
        return "'base_url' has a '%' that is not a percent-encoding like %20; write it as %25"
    segments = path.split("/")[1:-1] if path.endswith("/") else path.split("/")[1:]
    if "" in segments:
        return "'base_url' has an empty path segment ('//'); write each '/' once"
    if "." in segments or ".." in segments:
        return "'base_url' has a '.' or '..' segment; write the path it leads to"
    return None


def _valid_host(host: str, netloc: str) -> bool:
    """A DNS name (ASCII labels of letters, digits and dashes), or an IPv4 or [IPv6] address."""
    if netloc.startswith("["):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return False
        return True
    labels = host.removesuffix(".").split(".")
    return len(host) <= 253 and all(_HOST_LABEL.match(label) for label in labels)
