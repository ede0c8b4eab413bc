"""Which process queued or runs a load, and whether it has ended: a run left 'running' by a process that was
killed (or 'queued' by a server that stopped) is settled by the next loader or server on the same machine (and in
the same container: ``RunRecords.settle_abandoned``). Whether a process of another machine is at work is said on
its run's record instead (``RunRecords.beat``)."""

from __future__ import annotations

import os
import socket
from functools import cache
from pathlib import Path

_PROC = Path("/proc")


def _start_time(pid: int) -> str | None:
    """When a process started (clock ticks since boot, from /proc): a pid alone may be reused. None where it is
    not running, or the system has no /proc."""
    try:
        stat = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return stat.rpartition(")")[2].split()[19]  # field 22: after the name, which may hold spaces or ')'


def _pid_namespace() -> str:
    """Which process ids this process sees ('pid:[4026531836]'): two containers may share a host name (a compose
    file may give them one), never their process ids. '?' where the system does not say."""
    try:
        return os.readlink(_PROC / "self" / "ns" / "pid")
    except OSError:
        return "?"


@cache
def this_process() -> str:
    """'host pid start-time pid-namespace' of this process."""
    pid = os.getpid()
    return f"{socket.gethostname()} {pid} {_start_time(pid) or '?'} {_pid_namespace()}"


def host_of(process: str) -> str:
    """The machine a ``this_process`` description names."""
    return process.partition(" ")[0] or "an unknown machine"


def process_ended(process: str) -> bool | None:
    """Whether the process ``this_process`` described has ended; None where that cannot be told (another
    machine or container, or no description)."""
    host, pid_text, started, namespace = (process.split() + ["", "", "", ""])[:4]
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    if namespace and namespace != "?" and _pid_namespace() not in (namespace, "?"):
        return None  # another container of the same name: its process ids are not ours to look up
    pid = int(pid_text)
    if _PROC.is_dir():
        now = _start_time(pid)
        return now is None or (started != "?" and now != started)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
