"""The node's own evaluations: kept on the device, never sent.

An evaluation request carries whatever arrays the aggregator chooses. Losses
and token counts of the node's held-out records under them, sent back, would
be an oracle on those records outside the privacy accounting, as often as the
aggregator likes and long after the node's budget is spent. So the node keeps
what it measures here, one JSON line per evaluation, for its owner
(`netgpt node status`), and answers the request with an acknowledgement only;
the aggregator measures the global adapter on its own public held-out set.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from netgpt.files import append_private_line
from netgpt.modeling import HeldOutLoss
from netgpt.modeling.held_out import perplexity


@dataclass(frozen=True)
class Evaluation:
    """One evaluation of the adapter an evaluation request carried, on the
    node's own held-out records."""

    time: float  # seconds since the epoch
    run_id: int
    round: int
    base_loss: float
    adapter_loss: float
    base_ppl: float
    adapter_ppl: float
    tokens: int
    kept_loss: float | None = None
    """The adapter the node kept after this round, its own round mixed with
    the merge; None when this request made none (`client.personal_adapter`
    says when: e.g. the node did not train in the round, or it was not merged)."""
    kept_ppl: float | None = None

    @classmethod
    def of(
        cls, loss: HeldOutLoss, run_id: int, server_round: int, when: float, kept_loss: float | None = None
    ) -> Evaluation:
        return cls(
            time=when, run_id=run_id, round=server_round, base_loss=loss.base, adapter_loss=loss.adapter,
            base_ppl=loss.base_perplexity, adapter_ppl=loss.adapter_perplexity, tokens=loss.tokens,
            kept_loss=kept_loss, kept_ppl=None if kept_loss is None else perplexity(kept_loss),
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, line: str) -> Evaluation:
        """ValueError when the line is not one evaluation (a torn last line)."""
        try:
            item: dict[str, Any] = json.loads(line)
            return cls(
                time=float(item["time"]), run_id=int(item["run_id"]), round=int(item["round"]),
                base_loss=float(item["base_loss"]), adapter_loss=float(item["adapter_loss"]),
                base_ppl=float(item["base_ppl"]), adapter_ppl=float(item["adapter_ppl"]),
                tokens=int(item["tokens"]),
                kept_loss=_optional(item.get("kept_loss")), kept_ppl=_optional(item.get("kept_ppl")),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"not an evaluation: {type(error).__name__}") from None


def _optional(value: Any) -> float | None:
    """Lines written before the node kept a mix have no kept figures."""
    return None if value is None else float(value)


def keep_evaluation(path: Path, evaluation: Evaluation) -> None:
    """Append `evaluation` to the node's log (owner-only, append-only)."""
    append_private_line(path, evaluation.to_json())


def last_evaluations(path: Path, count: int) -> list[Evaluation]:
    """The newest `count` evaluations in the log, oldest first; lines that are
    not one (a torn last line) are skipped."""
    found = _read(path)
    return found[-count:] if count > 0 else []


def run_evaluations(path: Path, run_id: int) -> list[Evaluation]:
    """Run `run_id`'s evaluations in the log, one per round (its latest, the
    log being append-only), by round.

    Counting lines from the end is not enough: a round evaluated twice (the
    request retried after a ClientApp was lost) takes two lines, so the last
    N lines of an N-round run can miss its first round."""
    latest: dict[int, Evaluation] = {}
    for evaluation in _read(path):
        if evaluation.run_id == run_id:
            latest[evaluation.round] = evaluation
    return [latest[server_round] for server_round in sorted(latest)]


def _read(path: Path) -> list[Evaluation]:
    """Every evaluation in the log, in the order written; lines that are not
    one (a torn last line) are skipped."""
    if not path.is_file():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            found.append(Evaluation.from_json(line))
        except ValueError:
            continue
    return found
