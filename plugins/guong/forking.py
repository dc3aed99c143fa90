"""When heavy work (reading 20,000 profiles, drawing cards, printing PDF books) may use
forked worker processes.

Forking copies only the calling thread. Under `mkdocs serve` and `guong edit` other threads
run (the preview's HTTP server, the file watcher); a lock one of them held at the fork stays
locked in the child forever, the pool never returns and the rebuild hangs with every request
of the preview held. So: fork only when this process runs a single thread.
"""

from __future__ import annotations

import multiprocessing
import os
import threading


def can_fork() -> bool:
    """Fork exists here and no other thread is alive."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def cores() -> int:
    """The CPUs this process may run on (a container's limit, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
