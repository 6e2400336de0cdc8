"""Which worker process holds a job, and whether that process is still alive."""

import os
import socket
from datetime import datetime
from pathlib import Path


def worker_name() -> str:
    """This process as `host:pid`, recorded on the job it renders."""
    return f"{socket.gethostname()}:{os.getpid()}"


def this_host_prefix() -> str:
    """What the names of this host's workers start with."""
    return f"{socket.gethostname()}:"


def worker_is_gone(rendered_by: str, *, since: datetime | None = None) -> bool:
    """True if the worker named host:pid ran on this host and no longer exists.

    With `since` (when it took the job), a live process with that pid that started later is another
    process that reused the number (a restarted container numbers its processes the same way).
    About another host nothing is known: False.
    """
    host, _, pid = rendered_by.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    started = _process_started_at(int(pid))
    return since is not None and started is not None and started > since.timestamp()


def _process_started_at(pid: int) -> float | None:
    """When process `pid` started (a Unix time, rounded down to the second or so), from /proc; None elsewhere."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = next(
            int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines() if line.startswith("btime ")
        )
    except (OSError, StopIteration, ValueError):
        return None
    # Field 22, counted after the parenthesised command name (which may hold spaces): clock ticks since boot.
    ticks = int(stat.rpartition(")")[2].split()[19])
    return boot + ticks / os.sysconf("SC_CLK_TCK")
