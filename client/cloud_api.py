"""The node's client of the cloud completion API (OpenAI-compatible).

The request body is built by the caller and sent byte for byte, so that what
the user is shown as sent is exactly what left the device. Errors name the
API and the status, never the prompt.
"""

from __future__ import annotations

from typing import Any

import httpx

DEFAULT_API_URL = "http://127.0.0.1:8000/v1"


class CloudApiError(RuntimeError):
    """The API is unreachable, refused the key, or answered in an unexpected shape."""


class CloudApi:
    def __init__(self, api_url: str, api_key: str, timeout_s: float) -> None:
        self._client = httpx.Client(
            base_url=api_url.rstrip("/"),
            headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"},
            timeout=timeout_s,
        )

    def __enter__(self) -> CloudApi:
        return self

    def __exit__(self, *_: object) -> None:
        self._client.close()

    def served_models(self) -> list[str]:
        listing = self._call("GET", "/models")
        try:
            return [str(item["id"]) for item in listing["data"]]
        except (KeyError, TypeError):
            raise CloudApiError(f"{self._client.base_url}/models answered in an unexpected shape") from None

    def chat(self, body: bytes) -> str:
        """The answer's text for a chat completion request body."""
        reply = self._call("POST", "/chat/completions", content=body)
        try:
            return str(reply["choices"][0]["message"]["content"])
        except (KeyError, IndexError, TypeError):
            raise CloudApiError(f"the API at {self._client.base_url} answered in an unexpected shape") from None

    def _call(self, method: str, path: str, content: bytes | None = None) -> Any:
        base = self._client.base_url
        try:
            response = self._client.request(method, path, content=content)
        except httpx.TransportError as error:
            raise CloudApiError(f"cannot reach the completion API at {base} ({type(error).__name__})") from None
        if response.status_code == 401:
            raise CloudApiError("the API refused the key (401); create one with `netgpt apikey create NAME`")
        try:
            payload = response.json()
        except ValueError:
            raise CloudApiError(f"{base}{path} answered {response.status_code} without JSON") from None
        if response.status_code >= 400:
            message = (payload.get("error") or {}).get("message") if isinstance(payload, dict) else None
            raise CloudApiError(f"the API answered {response.status_code}: {message or 'no reason given'}")
        return payload
