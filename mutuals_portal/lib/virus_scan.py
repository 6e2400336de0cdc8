"""Ask a ClamAV daemon (clamd) whether a file carries a virus, over clamd's INSTREAM protocol.

CLAMD_ADDRESS says where clamd listens: "tcp://host:3310" or "unix:///run/clamav/clamd.ctl".
Unset (the default), nothing is scanned and no connection is made. The protocol: send
"zINSTREAM\\0", then the file in chunks, each preceded by its length as 4 bytes in network
order, then a zero length; clamd answers "stream: OK", "stream: <signature> FOUND" or an error.
"""

import socket
import struct
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

CHUNK_BYTES = 64 * 1024
MAX_REPLY_BYTES = 4096


class ScanError(Exception):
    """clamd could not be reached or did not give a verdict."""


@dataclass(frozen=True)
class ScanResult:
    scanned: bool
    infected: bool = False
    signature: str = ""


def _connect(address: str, timeout: float) -> socket.socket:
    parts = urlsplit(address)
    if parts.scheme == "tcp" and parts.hostname and parts.port:
        return socket.create_connection((parts.hostname, parts.port), timeout=timeout)
    if parts.scheme == "unix" and parts.path:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(timeout)
            sock.connect(parts.path)
        except OSError:
            sock.close()
            raise
        return sock
    raise ScanError("CLAMD_ADDRESS must look like tcp://host:3310 or unix:///path/to/clamd.sock")


def _read_reply(sock: socket.socket) -> bytes:
    reply = b""
    while b"\0" not in reply and len(reply) < MAX_REPLY_BYTES:
        data = sock.recv(1024)
        if not data:
            break
        reply += data
    return reply.split(b"\0", 1)[0]


def parse_reply(reply: bytes) -> ScanResult:
    text = reply.decode("utf-8", "replace").strip()
    if text.endswith(": OK"):
        return ScanResult(scanned=True)
    if text.endswith(" FOUND"):
        signature = text.partition(": ")[2].removesuffix(" FOUND").strip()
        return ScanResult(scanned=True, infected=True, signature=signature)
    raise ScanError(f"clamd gave no verdict: {text[:200]!r}")


def scan(file) -> ScanResult:
    """Stream the file to clamd and return its verdict; ScanError when clamd cannot give one."""
    address = settings.CLAMD_ADDRESS
    if not address:
        return ScanResult(scanned=False)
    try:
        with _connect(address, settings.CLAMD_TIMEOUT_SECONDS) as sock:
            sock.sendall(b"zINSTREAM\0")
            for chunk in file.chunks(CHUNK_BYTES):
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = _read_reply(sock)
    except OSError as error:  # refused, timed out, reset: the scan did not happen
        raise ScanError(f"clamd at {address} could not be used: {error}") from error
    finally:
        file.seek(0)
    return parse_reply(reply)
