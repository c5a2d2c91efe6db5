"""The OpenAI-compatible completion API: cohort adapters served over HTTP.

Submodules each do one job: `keys` (hashed API keys), `schemas` (request
and response shapes), `errors` (OpenAI-style error bodies), `adapter_pool`
(one base model, every cohort's adapter, hot reload), `generation` (prompt
to tokens under one lock), `app` (the FastAPI routes). This package imports
nothing heavy on its own, so the `apikey` command stays fast.
"""
