"""The FastAPI application: OpenAI routes over the adapter pool.

Handlers are `async` and hand every piece of model work to other threads
(desensitizing and tokenizing to the thread pool, generating to the
generator's own thread), so the event loop keeps accepting
requests and streaming tokens while a generation runs. Request bodies are
never logged.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response, StreamingResponse

from server.api import responses
from server.api.adapter_pool import AdapterPool, UnknownModel
from server.api.auth import ApiGate
from server.api.errors import ApiError, error_body, install_error_handlers, log
from server.api.generation import Generated, Generator, Prompt, Sampling
from server.api.guard import PromptGuard
from server.api.keys import ApiKeyStore
from server.api.schemas import ChatCompletionRequest, CompletionRequest, ModelCard, ModelList

BODY_BYTES_PER_CHAR = 4
BODY_OVERHEAD_BYTES = 64 * 1024


def _unknown_model(model: str) -> ApiError:
    return ApiError(404, f"The model '{model}' does not exist; GET /v1/models lists the served ones.",
                    type="invalid_request_error", param="model", code="model_not_found")


def create_app(
    pool: AdapterPool,
    generator: Generator,
    guard: PromptGuard,
    keys: ApiKeyStore,
    reload_interval: float | None = 2.0,
) -> FastAPI:
    """The API over an already loaded pool; `reload_interval` None disables hot reload."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if reload_interval:
            pool.start_watching(reload_interval)
        try:
            yield
        finally:
            pool.stop_watching()
            generator.close()

    app = FastAPI(title="NetGPT completion API", version="1", lifespan=lifespan)
    install_error_handlers(app)
    max_body = guard.serving.max_prompt_chars * BODY_BYTES_PER_CHAR + BODY_OVERHEAD_BYTES
    app.add_middleware(ApiGate, keys=keys, max_body_bytes=max_body)

    def check_model(model: str) -> None:
        if not pool.knows(model):
            raise _unknown_model(model)

    def check_context(prompt: Prompt, max_tokens: int, param: str) -> None:
        if prompt.tokens + max_tokens > generator.context_tokens:
            raise ApiError(
                400,
                f"The prompt ({prompt.tokens} tokens) plus {param} ({max_tokens}) exceeds the "
                f"model's context of {generator.context_tokens} tokens.",
                param=param, code="context_length_exceeded",
            )

    async def run(model: str, prompt: Prompt, sampling: Sampling) -> Generated:
        try:
            return await asyncio.wrap_future(generator.complete(model, prompt, sampling))
        except UnknownModel:
            raise _unknown_model(model) from None

    def event_stream(model: str, prompt: Prompt, sampling: Sampling, chat: bool, with_usage: bool) -> Iterator[str]:
        request_id = responses.new_id("chatcmpl" if chat else "cmpl")
        kind = "chat.completion.chunk" if chat else "text_completion"
        stream = generator.stream(model, prompt, sampling)
        if chat:
            yield responses.sse(responses.chat_chunk(request_id, model, {"role": "assistant", "content": ""}))
        try:
            for piece in stream:
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

    def sampling_for(body: ChatCompletionRequest | CompletionRequest, max_tokens: int) -> Sampling:
        return Sampling(max_tokens, body.temperature, body.top_p, tuple(body.stop_strings()))

    def stream_response(
        body: ChatCompletionRequest | CompletionRequest, prompt: Prompt, sampling: Sampling, chat: bool
    ) -> StreamingResponse:
        with_usage = bool(body.stream_options and body.stream_options.include_usage)
        return StreamingResponse(
            event_stream(body.model, prompt, sampling, chat, with_usage),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, object]:
        """Liveness for supervisors and tests; needs no key and says only what is served."""
        return {"status": "ok", "models": pool.model_ids()}

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
    async def chat_completions(body: ChatCompletionRequest) -> Response:
        check_model(body.model)
        texts = [m.text() for m in body.messages]
        guard.check_size(texts, "messages")
        requested, param = body.requested_max_tokens()
        max_tokens = guard.max_tokens(requested, param)

        def prepare() -> Prompt:
            cleaned = guard.clean(texts)
            return generator.chat_prompt([(m.role, text) for m, text in zip(body.messages, cleaned, strict=True)])

        prompt = await run_in_threadpool(prepare)
        check_context(prompt, max_tokens, param)
        sampling = sampling_for(body, max_tokens)
        if body.stream:
            return stream_response(body, prompt, sampling, chat=True)
        result = await run(body.model, prompt, sampling)
        return JSONResponse(responses.chat_completion(responses.new_id("chatcmpl"), body.model, result))

    @app.post("/v1/completions")
    async def completions(body: CompletionRequest) -> Response:
        check_model(body.model)
        text = body.prompt_text()
        if text is None:
            raise ApiError(400, "Only one prompt per request is served; send a string.",
                           param="prompt", code="invalid_value")
        guard.check_size([text], "prompt")
        max_tokens = guard.max_tokens(*body.requested_max_tokens())

        def prepare() -> Prompt:
            return generator.text_prompt(guard.clean([text])[0])

        prompt = await run_in_threadpool(prepare)
        check_context(prompt, max_tokens, "max_tokens")
        sampling = sampling_for(body, max_tokens)
        if body.stream:
            return stream_response(body, prompt, sampling, chat=False)
        result = await run(body.model, prompt, sampling)
        return JSONResponse(responses.text_completion(responses.new_id("cmpl"), body.model, result))

    return app
