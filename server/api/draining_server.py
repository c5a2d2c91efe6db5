"""uvicorn's server, draining requests in flight on a hangup as on SIGTERM."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

import uvicorn


class DrainingServer(uvicorn.Server):
    """A ``uvicorn.Server`` that treats SIGHUP as it treats SIGINT and SIGTERM.

    uvicorn drains on those two: it stops accepting, gives requests in flight
    the graceful-shutdown time, then re-raises the signal to the handler that
    was there before. SIGHUP it leaves alone, so a closed terminal (or an
    operator's ``kill -HUP``) stopped the API at once and cut every answer
    being generated. Here a hangup drains too and then reaches the CLI's
    handler (exit 129). Where SIGHUP is ignored (``nohup``), it stays ignored.
    """

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # Inside uvicorn's own capture, so that its re-raising of the caught
        # signals, after it has restored their handlers, finds ours restored too.
        with super().capture_signals():
            if threading.current_thread() is not threading.main_thread() or (
                signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
            ):
                yield
                return
            previous = signal.signal(signal.SIGHUP, self.handle_exit)
            try:
                yield
            finally:
                signal.signal(signal.SIGHUP, previous)
