"""Central evaluation: the global adapter on the aggregator's public held-out set.

Nodes keep their own evaluations, so this is the federation's one perplexity
figure. Flower calls it through its own hook (`FedAvg.start(evaluate_fn=...)`)
after every round with the arrays the round ended with: the published global
adapter, or the previous one when nothing was merged. Measuring a published
adapter on public text is post-processing: it costs no node any privacy.
"""

from __future__ import annotations

from logging import INFO, WARNING

from flwr.app import ArrayRecord, MetricRecord, MetricRecordValues
from flwr.common import log
from peft import PeftModel
from torch.utils.data import TensorDataset

from netgpt.adapter_record import adapter_state
from netgpt.modeling import HeldOutLoss, Precision, base_loss, load_wire_state, mean_token_loss
from server.round_log import RoundLog

# The one figure the federation reports is measured exactly (the set is
# small), whatever precision the nodes train in.
PRECISION: Precision = "fp32"


class PublicEvaluation:
    """Flower's `evaluate_fn`: it logs an "evaluate" event per round (`set:
    "public"`) and returns the same figures to Flower's run history."""

    def __init__(self, model: PeftModel, dataset: TensorDataset, round_log: RoundLog) -> None:
        self.model = model
        self.dataset = dataset
        self.round_log = round_log
        self.base: tuple[float, int] | None = None  # the base model does not change: measured once

    def __call__(self, server_round: int, arrays: ArrayRecord) -> MetricRecord | None:
        # Round 0 is the initial adapter, before any node trained: nothing of
        # the federation's to measure, and the base figure is in every event.
        if server_round == 0:
            return None
        try:
            return self._measured(server_round, arrays)
        except Exception as error:  # the figure is a report: losing it must not end the run
            log(WARNING, "round %s: the public evaluation failed (%s)", server_round, type(error).__name__)
            return None

    def _measured(self, server_round: int, arrays: ArrayRecord) -> MetricRecord:
        load_wire_state(self.model, adapter_state(arrays))
        if self.base is None:
            self.base = base_loss(self.model, self.dataset, PRECISION)
        base, tokens = self.base
        adapter, _ = mean_token_loss(self.model, self.dataset, PRECISION)
        loss = HeldOutLoss(base=base, adapter=adapter, tokens=tokens)
        summary: dict[str, MetricRecordValues] = {
            "base-ppl": loss.base_perplexity, "adapter-ppl": loss.adapter_perplexity, "num-tokens": tokens,
        }
        self.round_log.append("evaluate", round=server_round, set="public", records=len(self.dataset), **summary)
        log(INFO, "round %s: public held-out perplexity %.2f (base) -> %.2f (global adapter)",
            server_round, loss.base_perplexity, loss.adapter_perplexity)
        return MetricRecord(summary)
