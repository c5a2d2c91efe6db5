"""`netgpt desensitize`: desensitize JSON Lines records from standard input.

Records are read as bytes and parsed one line at a time, so that a bad line
(invalid UTF-8 or JSON, no text) becomes an error line in its place while the
others go through. Valid records are desensitized in chunks: each chunk is one
batch through spaCy, inside one memory zone, so memory stays flat however long
the stream is. Output lines follow input lines one for one, in order, and are
flushed per chunk. Error messages never quote the input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import click
import typer
from rich.markup import escape

from netgpt.commands.common import EXIT_FAILED, EXIT_USAGE, console
from policies import PolicyError, load_policy
from privacy.desensitize.locations import LOCATION_LEVELS

if TYPE_CHECKING:
    from privacy.desensitize.desensitizer import Desensitizer

DEFAULT_CHUNK = 256


@dataclass
class _Line:
    """One input line: its id, and either its text or why it cannot be processed."""

    id: Any
    text: str | None = None
    error: str | None = None
    failed: bool = False


def _parse(raw: bytes) -> _Line:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        return _Line(None, error=f"line is not valid UTF-8 (byte {error.start})")
    except json.JSONDecodeError as error:
        # JSONDecodeError's own message names a position, never the content.
        return _Line(None, error=f"line is not valid JSON: {error.msg} at column {error.colno}")
    if not isinstance(record, dict):
        return _Line(None, error=f"line is a JSON {type(record).__name__}, not an object")
    record_id = record.get("id")
    if "text" not in record:
        return _Line(record_id, error="record has no 'text'")
    if not isinstance(record["text"], str):
        return _Line(
            record_id, error=f"'text' must be a string, not {type(record['text']).__name__}"
        )
    return _Line(record_id, text=record["text"])


def _chunks(lines: Iterable[bytes], size: int) -> Iterator[list[_Line]]:
    iterator = iter(lines)
    while chunk := list(islice(iterator, size)):
        yield [_parse(raw.rstrip(b"\r\n")) for raw in chunk]


def _desensitized(desensitizer: Desensitizer, chunk: list[_Line]) -> list[dict[str, Any]]:
    """Output objects for a chunk; a record that fails alone is reported alone."""
    from privacy.desensitize.desensitizer import DesensitizationError

    valid = [(line, line.text) for line in chunk if line.text is not None]
    try:
        texts = [text for _, text in valid]
        results = {id(line): result for (line, _), result in
                   zip(valid, desensitizer.desensitize_batch(texts), strict=True)}
    except DesensitizationError:
        results = {}
        for line, text in valid:
            try:
                results[id(line)] = desensitizer.desensitize(text)
            except DesensitizationError as error:
                line.error, line.failed = str(error), True
    outputs = []
    for line in chunk:
        if line.error is not None:
            outputs.append({"id": line.id, "error": line.error})
            continue
        result = results[id(line)]
        outputs.append(
            {
                "id": line.id,
                "text": result.text,
                "entities": [
                    {"type": e.type, "start": e.start, "end": e.end, "replacement": e.replacement}
                    for e in result.entities
                ],
            }
        )
    return outputs


def _resolve_level(policy: Path | None, level: str | None) -> str:
    if level is not None:
        return level
    try:
        return load_policy(policy).desensitization.location_level
    except PolicyError as error:
        console.print(f"[red]invalid policy:[/] {escape(str(error))}")
        raise typer.Exit(EXIT_USAGE) from None


@dataclass
class Counts:
    """What a run wrote: desensitized records, bad input lines, records that failed."""

    desensitized: int = 0
    invalid: int = 0
    failed: int = 0


def run(stdin: IO[bytes], stdout: IO[str], desensitizer: Desensitizer, chunk_size: int) -> Counts:
    """Desensitize a JSON Lines stream, one output line per input line."""
    counts = Counts()
    for chunk in _chunks(stdin, chunk_size):
        for line, output in zip(chunk, _desensitized(desensitizer, chunk), strict=True):
            stdout.write(json.dumps(output, ensure_ascii=False) + "\n")
            if line.failed:
                counts.failed += 1
            elif line.error is not None:
                counts.invalid += 1
            else:
                counts.desensitized += 1
        stdout.flush()
    return counts


def desensitize_command(
    policy: Annotated[
        Path | None,
        typer.Option(
            "--policy",
            help="Data policy YAML whose desensitization.location_level applies "
            "(default: the packaged default policy, city level).",
            show_default=False,
        ),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            click_type=click.Choice(LOCATION_LEVELS),
            help="Location granularity; overrides the policy's.",
            show_default=False,
        ),
    ] = None,
    chunk_size: Annotated[
        int, typer.Option("--chunk-size", min=1, help="Records desensitized per batch.")
    ] = DEFAULT_CHUNK,
) -> None:
    """Desensitize JSON Lines records from standard input, offline.

    Each input line is an object {"id": ..., "text": ...}; each output line is
    {"id": ..., "text": <desensitized>, "entities": [{"type", "start", "end",
    "replacement"}]}, with start/end indexing the input text (in characters).
    Names, contact details, account, document and vehicle numbers, dates of
    birth, IP addresses and personal URLs become placeholders such as
    <PERSON_1>; GPS fixes, street addresses and postcodes become their city
    (or region or country, by --level or the policy).

    A line that is not a JSON object with a string "text" gives
    {"id": ..., "error": "..."} in its place and processing goes on; the exit
    status is then 2 (1 if a record failed to desensitize). Example:

        netgpt desensitize --level region < notes.jsonl > notes.safe.jsonl
    """
    # Imported here, not at the top: Presidio and spaCy take seconds to import,
    # and every other `netgpt` command imports this module through the CLI.
    from privacy.desensitize.desensitizer import default_desensitizer

    location_level = _resolve_level(policy, level)
    desensitizer = default_desensitizer(location_level)
    counts = run(sys.stdin.buffer, sys.stdout, desensitizer, chunk_size)
    console.print(
        f"desensitized {counts.desensitized} record(s); {counts.invalid} invalid line(s), "
        f"{counts.failed} failed record(s)"
    )
    if counts.failed:
        raise typer.Exit(EXIT_FAILED)
    if counts.invalid:
        raise typer.Exit(EXIT_USAGE)
