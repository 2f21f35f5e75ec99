"""A job kind whose runner kills the worker process running it, as a crash in a native
library or the kernel's OOM killer would. Imported by the test and by its worker process."""

import os
import signal

from jobs.registry import EXPORT, register


@register("tests.poison", label="Poison", category=EXPORT)
def kill_the_worker(job):
    os.kill(os.getpid(), signal.SIGKILL)
