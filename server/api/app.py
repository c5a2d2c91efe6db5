"""The FastAPI application: OpenAI routes over the adapter pool.

Handlers are `async` and hand every piece of model work to other threads
(desensitizing and tokenizing to the thread pool, generating to the
generator's own thread), so the event loop keeps accepting
requests and streaming tokens while a generation runs. Request bodies are
never logged.

A completion request holds an admission slot (`admission`) until its
generation ends, and a generation ends early when its client goes away:
a streamed response cancels it when Starlette stops the stream, and a plain
one watches the connection for `http.disconnect` while it waits.
`/health` says only "ok", and the OpenAPI pages are off unless
`api_docs` is set: neither tells an anonymous caller what is served.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from server.api import responses
from server.api.adapter_pool import AdapterPool, UnknownModel
from server.api.admission import Admission
from server.api.auth import ApiGate, key_name
from server.api.errors import ApiError, ContainFailures, error_body, install_error_handlers, log, quote
from server.api.generation import Generated, Generator, Prompt, Sampling, StreamedGeneration, UnusablePrompt
from server.api.guard import PromptGuard
from server.api.keys import ApiKeyStore
from server.api.schemas import ChatCompletionRequest, CompletionRequest, ModelCard, ModelList

BODY_BYTES_PER_CHAR = 4
BODY_OVERHEAD_BYTES = 64 * 1024
CLIENT_GONE = 499
"""nginx's status for a request whose client closed the connection first;
nobody reads it, but the access log then tells it apart."""


def _unknown_model(model: str) -> ApiError:
    return ApiError(404, f"The model '{quote(model)}' does not exist; GET /v1/models lists the served ones.",
                    type="invalid_request_error", param="model", code="model_not_found")


async def _disconnected(receive: Receive) -> None:
    """Return once the client has closed the connection (the body is read already)."""
    while (await receive())["type"] != "http.disconnect":
        pass


class _GenerationStream(StreamingResponse):
    """Stops its generation however the response ends: done, the client gone
    mid-stream, or gone before the first chunk (then the body never starts)."""

    def __init__(self, content: AsyncIterator[str], stop: Callable[[], None], headers: dict[str, str]) -> None:
        super().__init__(content, media_type="text/event-stream", headers=headers)
        self._stop = stop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._stop()


def create_app(
    pool: AdapterPool,
    generator: Generator,
    guard: PromptGuard,
    keys: ApiKeyStore,
    reload_interval: float | None = 2.0,
    api_docs: bool = False,
) -> FastAPI:
    """The API over an already loaded pool; `reload_interval` None disables hot
    reload; `api_docs` serves /docs, /redoc and /openapi.json."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if reload_interval:
            pool.start_watching(reload_interval)
        try:
            yield
        finally:
            pool.stop_watching()
            generator.close()

    docs: dict[str, Any] = {} if api_docs else {"docs_url": None, "redoc_url": None, "openapi_url": None}
    app = FastAPI(title="NetGPT completion API", version="1", lifespan=lifespan, **docs)
    install_error_handlers(app)
    max_body = guard.serving.max_prompt_chars * BODY_BYTES_PER_CHAR + BODY_OVERHEAD_BYTES
    app.add_middleware(ApiGate, keys=keys, max_body_bytes=max_body)
    app.add_middleware(ContainFailures)
    admission = Admission(guard.serving)

    def check_model(model: str) -> None:
        if not pool.knows(model):
            raise _unknown_model(model)

    def check_context(prompt: Prompt, max_tokens: int, param: str) -> None:
        if prompt.tokens == 0:
            raise ApiError(400, "The prompt holds no tokens to continue from.", code="invalid_value")
        if prompt.tokens + max_tokens > generator.context_tokens:
            raise ApiError(
                400,
                f"The prompt ({prompt.tokens} tokens) plus {param} ({max_tokens}) exceeds the "
                f"model's context of {generator.context_tokens} tokens.",
                param=param, code="context_length_exceeded",
            )

    async def answer(request: Request, model: str, job: Future[Generated], cancel: threading.Event) -> Generated | None:
        """The finished generation, or None when the client left first (the generation is then cancelled)."""
        waiting = asyncio.wrap_future(job)
        gone: asyncio.Future[Any] = asyncio.ensure_future(_disconnected(request.receive))
        try:
            await asyncio.wait([waiting, gone], return_when=asyncio.FIRST_COMPLETED)
        finally:
            gone.cancel()
            if not waiting.done():
                cancel.set()
                waiting.cancel()  # also drops the job if it has not started
        if waiting.cancelled():
            log.info("client went away: generation cancelled")
            return None
        try:
            return waiting.result()
        except UnknownModel:
            raise _unknown_model(model) from None

    async def event_stream(
        model: str, stream: StreamedGeneration, chat: bool, with_usage: bool
    ) -> AsyncIterator[str]:
        request_id = responses.new_id("chatcmpl" if chat else "cmpl")
        kind = "chat.completion.chunk" if chat else "text_completion"
        if chat:
            yield responses.sse(responses.chat_chunk(request_id, model, {"role": "assistant", "content": ""}))
        try:
            async for piece in stream.pieces():
                chunk = (responses.chat_chunk(request_id, model, {"content": piece}) if chat
                         else responses.text_chunk(request_id, model, piece))
                yield responses.sse(chunk)
        except UnknownModel:
            unknown = error_body(_unknown_model(model).message, "invalid_request_error", "model", "model_not_found")
            yield responses.sse(unknown)
            return
        except Exception as error:
            log.error("generation failed mid-stream (%s)", type(error).__name__)
            yield responses.sse(error_body("The server failed while generating.", "server_error"))
            return
        result = stream.result
        final = (responses.chat_chunk(request_id, model, {}, result.finish_reason) if chat
                 else responses.text_chunk(request_id, model, "", result.finish_reason))
        yield responses.sse(final)
        if with_usage:
            yield responses.sse(responses.usage_chunk(request_id, model, kind, result))
        yield responses.DONE

    def stop_stream(stream: StreamedGeneration) -> None:
        if not stream.job.done():
            log.info("client went away: generation cancelled")
        stream.cancel.set()
        stream.job.cancel()

    async def complete(
        request: Request,
        body: ChatCompletionRequest | CompletionRequest,
        prepare: Callable[[], Prompt],
        max_tokens: int,
        param: str,
        chat: bool,
    ) -> Response:
        """Admit, prepare and run one completion; the slot is held until the generation ends."""
        slot = admission.admit(key_name(request.scope))
        cancel = threading.Event()
        try:
            try:
                prompt = await run_in_threadpool(prepare)
            except UnusablePrompt as error:
                raise ApiError(400, f"The messages cannot be used: {error}.", param="messages",
                               code="invalid_value") from None
            check_context(prompt, max_tokens, param)
            sampling = Sampling(max_tokens, body.temperature, body.top_p, tuple(body.stop_strings()))
            if body.stream:
                stream = generator.stream(body.model, prompt, sampling, cancel)
                stream.job.add_done_callback(lambda _: slot.release())
            else:
                job = generator.complete(body.model, prompt, sampling, cancel)
                job.add_done_callback(lambda _: slot.release())
        except BaseException:
            slot.release()
            raise
        if body.stream:
            with_usage = bool(body.stream_options and body.stream_options.include_usage)
            return _GenerationStream(
                event_stream(body.model, stream, chat, with_usage), lambda: stop_stream(stream),
                headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
            )
        result = await answer(request, body.model, job, cancel)
        if result is None:
            return Response(status_code=CLIENT_GONE)
        if chat:
            return JSONResponse(responses.chat_completion(responses.new_id("chatcmpl"), body.model, result))
        return JSONResponse(responses.text_completion(responses.new_id("cmpl"), body.model, result))

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        """Liveness for supervisors and tests; needs no key, so it says nothing else."""
        return {"status": "ok"}

    def cards() -> dict[str, ModelCard]:
        served = {a.model_id: a for a in pool.served()}
        return {
            m: ModelCard(id=m, created=pool.created,
                         adapter_round=served[m].source.name if m in served else None)
            for m in pool.model_ids()
        }

    @app.get("/v1/models")
    async def list_models() -> ModelList:
        return ModelList(data=list(cards().values()))

    @app.get("/v1/models/{model_id}")
    async def get_model(model_id: str) -> ModelCard:
        card = cards().get(model_id)
        if card is None:
            raise _unknown_model(model_id)
        return card

    @app.post("/v1/chat/completions")
    async def chat_completions(body: ChatCompletionRequest, request: Request) -> Response:
        check_model(body.model)
        texts = [m.text() for m in body.messages]
        guard.check_not_empty(texts, "messages")
        guard.check_size(texts, "messages")
        requested, param = body.requested_max_tokens()
        max_tokens = guard.max_tokens(requested, param)

        def prepare() -> Prompt:
            cleaned = guard.clean(texts)
            return generator.chat_prompt([(m.role, text) for m, text in zip(body.messages, cleaned, strict=True)])

        return await complete(request, body, prepare, max_tokens, param, chat=True)

    @app.post("/v1/completions")
    async def completions(body: CompletionRequest, request: Request) -> Response:
        check_model(body.model)
        text = body.prompt_text()
        if text is None:
            raise ApiError(400, "Only one prompt per request is served; send a string.",
                           param="prompt", code="invalid_value")
        guard.check_not_empty([text], "prompt")
        guard.check_size([text], "prompt")
        max_tokens = guard.max_tokens(*body.requested_max_tokens())

        def prepare() -> Prompt:
            return generator.text_prompt(guard.clean([text])[0])

        return await complete(request, body, prepare, max_tokens, "max_tokens", chat=False)

    return app
