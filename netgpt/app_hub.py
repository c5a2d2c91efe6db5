"""A loopback stand-in for Flower Hub: the only way signed apps reach the SuperLink.

Flower's SuperLink attaches signatures to a run's FAB only when it fetched the
FAB from a hub. For `flwr run @publisher/name==x.y.z` it POSTs
`{app_id, app_version, flwr_version}` to `$FLWR_SUPERGRID_API_URL/hub/fetch-fab`,
expects `{"fab_url": …, "verifications": [{public_key_id, signature,
signed_at}]}` and GETs the FAB from `fab_url`. `netgpt superlink` runs this
hub on 127.0.0.1 and points its SuperLink at it.

The hub cannot be published to: it serves only what `netgpt train` signed
into the work directory, after checking the signature with the operator's
key, and answers 404 to everything else. It runs on a thread of the
`netgpt superlink` process rather than as a child process: its socket is
bound before the SuperLink learns the URL, so no other process can take the
port in between, and it ends with that process however it is stopped.
"""

from __future__ import annotations

import hashlib
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI, HTTPException, Response
from pydantic import BaseModel

from netgpt.signed_apps import AppRef, SignedApp, SignedAppError, load_signed

START_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0

log = logging.getLogger(__name__)


class AppHubError(RuntimeError):
    """The hub did not start."""


class FetchRequest(BaseModel):
    """The SuperLink's request body (it also sends its flwr_version, unused here)."""

    app_id: str
    app_version: str | None = None


def _signed_or_404(workdir: Path, app_id: str, version: str | None) -> SignedApp:
    try:
        return load_signed(workdir, AppRef.parse(app_id, version))
    except SignedAppError as error:
        log.warning("app hub: not serving %r version %r: %s", app_id, version, error)
        raise HTTPException(status_code=404, detail=str(error)) from None


def hub_app(workdir: Path, base_url: str) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.post("/hub/fetch-fab")
    def fetch_fab(request: FetchRequest) -> dict[str, object]:
        signed = _signed_or_404(workdir, request.app_id, request.app_version)
        ref = signed.app
        digest = hashlib.sha256(signed.fab).hexdigest()
        return {
            "fab_url": f"{base_url}/hub/fab/{ref.publisher}/{ref.name}/{ref.version}/{digest}",
            "verifications": [signed.signature.verification()],
        }

    @app.get("/hub/fab/{publisher}/{name}/{version}/{digest}")
    def fab(publisher: str, name: str, version: str, digest: str) -> Response:
        signed = _signed_or_404(workdir, f"@{publisher}/{name}", version)
        if hashlib.sha256(signed.fab).hexdigest() != digest:
            # Re-signed since it was offered: the SuperLink holds the old signature.
            raise HTTPException(status_code=404, detail="this FAB is no longer the signed one")
        return Response(signed.fab, media_type="application/octet-stream")

    return app


@contextmanager
def running_hub(workdir: Path) -> Iterator[str]:
    """Serve the hub on a free loopback port while the block runs; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(
            hub_app(Path(workdir).resolve(), base_url), log_level="warning", access_log=False, lifespan="off"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="app-hub", daemon=True)
        thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise AppHubError(f"the app hub did not start on {base_url}")
            time.sleep(0.05)
        try:
            yield base_url
        finally:
            server.should_exit = True
            thread.join(timeout=STOP_TIMEOUT)
    finally:
        sock.close()
