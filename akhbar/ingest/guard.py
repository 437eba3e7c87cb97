"""The address guard: which hosts the fetcher may connect to (the SSRF defence).

`AddressGuard.check(host, port)` resolves a host and returns its addresses only when every one
is public, unless the host (as written in the URL) is explicitly allowed; otherwise it raises
`AddressRefused` with kind "dns" or "unsafe". `GuardedBackend` is an httpcore network backend
that asks the guard before opening any socket and connects to the address the guard approved,
so no second DNS answer can slip in between the check and the connection.
"""

import asyncio
import ipaddress
import socket
import time

import httpcore

DNS_CACHE_SECONDS = 60.0


class AddressRefused(Exception):
    """A host the guard will not connect to; `kind` is "dns" or "unsafe"."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class AddressGuard:
    """Resolves hosts and refuses non-public addresses, except for allowed hosts."""

    def __init__(self, allowed_hosts: frozenset[str], timeout: float) -> None:
        self.allowed = frozenset(host.lower().strip("[]") for host in allowed_hosts)
        self.timeout = timeout
        self._cache: dict[tuple[str, int], tuple[float, list[str]]] = {}

    async def check(self, host: str, port: int | None) -> list[str]:
        """The host's addresses, all approved (answers are cached for 60 s)."""
        host, port = host.lower().strip("[]"), port or 0
        cached = self._cache.get((host, port))
        if cached and cached[0] > time.monotonic():
            return cached[1]
        addresses = await self._resolve(host, port)
        if host not in self.allowed:
            for address in addresses:
                if not is_public_address(address):
                    where = host if host == address else f"{host} ({address})"
                    raise AddressRefused("unsafe", f"{where} is not a public address")
        self._cache[(host, port)] = (time.monotonic() + DNS_CACHE_SECONDS, addresses)
        return addresses

    async def _resolve(self, host: str, port: int) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self.timeout):
                infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, TimeoutError, UnicodeError) as error:
            raise AddressRefused("dns", f"cannot resolve {host}: {error}") from error
        return list(dict.fromkeys(info[4][0] for info in infos))


def is_public_address(address: str) -> bool:
    """False for loopback, private, link-local, multicast, reserved, unspecified, CGNAT…"""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not is_public_address(str(embedded)):
            return False
    # is_global is False for every private, shared (100.64/10), loopback, link-local,
    # reserved and unspecified range; multicast needs its own test.
    return ip.is_global and not ip.is_multicast


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses the guard approved."""

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self, host, port, timeout=None, local_address=None, socket_options=None
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._guard.check(host, port)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as error:
                last_error = error  # try the next address of the host
        raise last_error or httpcore.ConnectError(f"no address for {host}")

    async def connect_unix_socket(self, *args, **kwargs):
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
