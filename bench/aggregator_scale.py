"""What one round costs the aggregator per reply as the federation grows.

The real `AdapterStrategy`, over a real ledger (with its anchor), enrollment
registry and round log in a temporary work directory, gets 10, 100 and 1,000
enrolled nodes' training replies in one round, after a history of earlier
rounds driven the same way. The replies are synthetic but complete: tensors
of the default adapter's shapes (the LoRA B tensors FFA-LoRA sends for the
default model and LoRA settings, read from the model's config on PyTorch's
meta device, so no weights are loaded), the sent adapter plus Gaussian noise
of norm about 20, and privacy reports signed by each node's enrolled key and
bound to the run, round and tensors, as the ClientApp sends them.

Every node's history is its own, the worst case for the accountant's caches:
its sample rate comes from 50 to 149 batches per epoch and its σ is 1 plus a
per-node offset below 0.1 (as a node's planner picks it to four digits), so
no two nodes share a mechanism and no ε is computed once for many nodes.
With `--sigma-each-round` every round's σ is new as well, as when the planner
spreads a budget that runs short: a node's history then holds one mechanism
per round, and PRV composes them all for each of its replies.

Each federation size runs in a process of its own, so that its peak memory
is its own. Per reply it prints the time of `configure_train` (receipts for
every node's earlier entries) and of `aggregate_train` (judging, accounting,
ledger appends, merges) in the last round; the peak memory the rounds took
over what the process held before them (peak RSS, from Linux's VmHWM), per
reply of a round; and `Ledger.verify` per entry, run over the whole ledger
in a process of its own as `netgpt audit --verify` runs it, so that no ε the
aggregator computed is cached. Ratios are to the smallest federation: cost
that grows linearly with the replies shows as 1.0x. Usage:

    .venv/bin/python bench/aggregator_scale.py [--nodes 10 100 1000] [--rounds 3] [--sigma-each-round]
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import platform
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from flwr.app import ConfigRecord, Message, MetricRecord, RecordDict
from flwr.supercore.task_identity import TaskIdentity

from client.budget import poisson_schedule
from netgpt.adapter_record import adapter_record
from policies import Policy, load_policy
from privacy.dp.anchor import LedgerAnchor
from privacy.dp.ledger import Ledger, public_key_file
from privacy.dp.report import PrivacyReport, update_digest
from privacy.identity.node_keys import SIGNATURE_ALGORITHM, create_node_key, public_key_text, sign_record
from privacy.identity.signing import load_public_key
from server.enrollment import Enrollments
from server.round_log import RoundLog
from server.strategy import AdapterStrategy

RUN_ID = 14
BATCH = 16  # the default run's train.batch-size
REGIONS = ("north", "south", "east", "west", "centre")
NOISE_NORM = 20.0  # a node's change under DP-SGD's noise alone (see policies/default.yaml)
Shapes = dict[str, tuple[int, ...]]


def adapter_shapes() -> Shapes:
    """The tensors a node sends for the default model and LoRA settings: the
    model is built on the meta device from its config (no weights are read)."""
    import torch
    from peft import get_peft_model
    from peft.utils import get_peft_model_state_dict
    from transformers import AutoConfig, LlamaForCausalLM
    from transformers.utils import logging as hf_logging

    from netgpt.modeling import wire_keys
    from netgpt.modeling.base_model import GGUF_FILE, _gguf_dir
    from netgpt.settings import RunSettings

    hf_logging.set_verbosity_error()
    spec = RunSettings.defaults().lora.spec(load_policy().aggregation.strategy)
    with torch.device("meta"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = get_peft_model(LlamaForCausalLM(AutoConfig.from_pretrained(_gguf_dir(), gguf_file=GGUF_FILE)),
                               spec.config())
        state = get_peft_model_state_dict(model)
        return {key: tuple(state[key].shape) for key in wire_keys(model, spec.strategy)}


class Grid:
    """What sampling asks of Flower's Grid: which nodes are connected."""

    def __init__(self, node_ids: list[int]) -> None:
        self.node_ids = node_ids

    def get_node_ids(self) -> list[int]:
        return self.node_ids


class Federation:
    """`nodes` enrolled nodes and the real strategy of run RUN_ID over a work directory."""

    def __init__(self, root: Path, nodes: int, shapes: Shapes, policy: Policy, sigma_each_round: bool) -> None:
        TaskIdentity.run_id, TaskIdentity.node_id, TaskIdentity.task_id = RUN_ID, 1, 1
        self.policy = policy
        self.enrollments = Enrollments(root / "work")
        self.keys = {}
        for node_id in range(1, nodes + 1):
            key = create_node_key(root / "devices" / f"node-{node_id}.key")
            self.enrollments.add(f"node-{node_id}", node_id, _region(node_id), public_key_text(key.public_key()), "/d")
            self.keys[node_id] = key
        self.ledger = Ledger.open(root / "work", writable=True, anchor=LedgerAnchor(root / "anchor"))
        self.strategy = AdapterStrategy(
            shapes, lambda cohort, server_round, merged: f"{cohort}/round-{server_round}", RoundLog(root / "work"),
            self.ledger, policy, expected_nodes=nodes, enrollments=self.enrollments, run_id=RUN_ID,
        )
        self.zeros = {key: np.zeros(shape, np.float32) for key, shape in shapes.items()}
        self.adapter = adapter_record(self.zeros)
        self.rng = np.random.default_rng(RUN_ID)
        self.sigma_each_round = sigma_each_round

    def configure(self, server_round: int) -> None:
        messages = self.strategy.configure_train(server_round, self.adapter, ConfigRecord(), Grid(list(self.keys)))
        if len(list(messages)) != len(self.keys):
            raise RuntimeError("not every node was sent a training request")

    def replies(self, server_round: int) -> list[Message]:
        return [self._reply(node_id, server_round) for node_id in self.keys]

    def _reply(self, node_id: int, server_round: int) -> Message:
        sent = self.zeros
        scale = NOISE_NORM / math.sqrt(sum(value.size for value in sent.values()))
        tensors = {key: (value + self.rng.normal(0, scale, value.shape)).astype(np.float32)
                   for key, value in sent.items()}
        sample_rate, steps = poisson_schedule(BATCH * _batches(node_id), BATCH, 1)
        sigma = round(1.0 + node_id * 1e-4 + (server_round * 1e-3 if self.sigma_each_round else 0.0), 4)
        privacy = self.policy.privacy
        report = PrivacyReport(
            node=f"node-{node_id}", region=_region(node_id), server_round=server_round, epsilon=1.0,
            delta=privacy.delta, noise_multiplier=sigma, max_grad_norm=privacy.max_grad_norm,
            sample_rate=sample_rate, steps=steps, records=BATCH * _batches(node_id),
            policy_hash=self.policy.content_hash(), run_id=RUN_ID, update_digest=update_digest(tensors),
        ).to_record()
        content = RecordDict({
            "arrays": adapter_record(tensors),
            "privacy": ConfigRecord(report),
            "privacy-signature": ConfigRecord(
                {"algorithm": SIGNATURE_ALGORITHM, "signature": sign_record(self.keys[node_id], report)}
            ),
            "metrics": MetricRecord({"num-examples": int(report["records"])}),
        })
        request = Message(content=RecordDict(), dst_node_id=node_id, message_type="train")
        return Message(content=content, reply_to=request)


def _region(node_id: int) -> str:
    return REGIONS[node_id % len(REGIONS)]


def _batches(node_id: int) -> int:
    return 50 + node_id % 100


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def _reset_peak() -> None:
    """Make VmHWM the current RSS, so the next reading is this round's peak."""
    Path("/proc/self/clear_refs").write_text("5")


def measure(nodes: int, rounds: int, shapes: Shapes, sigma_each_round: bool) -> dict[str, Any]:
    """One federation size, in this process: every round timed, and the peak
    memory the rounds took over what the process held before them (the
    allocator reuses a round's freed memory for the next one)."""
    logging.getLogger("flwr").setLevel(logging.WARNING)  # a line per round, on stderr
    policy = load_policy()
    with tempfile.TemporaryDirectory() as tmp:
        federation = Federation(Path(tmp), nodes, shapes, policy, sigma_each_round)
        timings: list[dict[str, float]] = []
        before = _status_kib("VmRSS")
        _reset_peak()
        for server_round in range(1, rounds + 1):
            started = time.perf_counter()
            federation.configure(server_round)
            configured = time.perf_counter() - started
            replies = federation.replies(server_round)
            started = time.perf_counter()
            merged, _ = federation.strategy.aggregate_train(server_round, replies)
            aggregated = time.perf_counter() - started
            if merged is None:
                raise RuntimeError(f"round {server_round} merged nothing")
            timings.append({"configure": configured, "aggregate": aggregated})
            del replies, merged
        peak = _status_kib("VmHWM") - before
        verification = json.loads(_run_self("--verify", tmp))
    last = timings[-1]
    return {
        "nodes": nodes, "rounds": rounds, "per_round": timings,
        "configure_ms": last["configure"] / nodes * 1000, "aggregate_ms": last["aggregate"] / nodes * 1000,
        "memory_mib": peak / nodes / 1024, "peak_gib": peak / 2**20,
        "verify_ms": verification["seconds"] / verification["entries"] * 1000, "entries": verification["entries"],
    }


def verify_ledger(root: Path) -> dict[str, Any]:
    """`Ledger.verify` as `netgpt audit --verify` runs it: in a process of its
    own, read-only, so that no ε the aggregator computed is cached."""
    ledger = Ledger.open(root / "work")
    key = load_public_key(public_key_file(root / "work"))
    started = time.perf_counter()
    verification = ledger.verify(key)
    seconds = time.perf_counter() - started
    if not verification.ok:
        raise RuntimeError(f"the ledger does not verify: {verification.problem}")
    return {"seconds": seconds, "entries": verification.entries}


def _run_self(*arguments: str) -> str:
    return subprocess.run([sys.executable, __file__, *arguments], check=True, stdout=subprocess.PIPE, text=True).stdout


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per federation; the last one is reported")
    parser.add_argument("--sigma-each-round", action="store_true",
                        help="a new σ every round (as the planner picks when the budget runs short)")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # a child: shapes file, one --nodes
    parser.add_argument("--verify", type=Path, help=argparse.SUPPRESS)  # a child: verify this ledger
    args = parser.parse_args()
    if args.verify is not None:
        print(json.dumps(verify_ledger(args.verify)))
        return
    if args.one is not None:
        shapes = {key: tuple(shape) for key, shape in json.loads(args.one.read_text()).items()}
        print(json.dumps(measure(args.nodes[0], args.rounds, shapes, args.sigma_each_round)))
        return
    shapes = adapter_shapes()
    print(f"{len(shapes)} adapter tensors, {sum(math.prod(s) for s in shapes.values()):,} values a reply; "
          f"{args.rounds} rounds, the last one reported; CPU: {_cpu()}", flush=True)
    options = ["--rounds", str(args.rounds), *(["--sigma-each-round"] if args.sigma_each_round else [])]
    results = []
    with tempfile.NamedTemporaryFile("w", suffix=".json") as shapes_file:
        json.dump(shapes, shapes_file)
        shapes_file.flush()
        for nodes in args.nodes:
            result = json.loads(_run_self("--one", shapes_file.name, "--nodes", str(nodes), *options))
            by_round = ", ".join(f"{t['aggregate'] / nodes * 1000:.0f}" for t in result["per_round"])
            print(f"  {nodes:>5} nodes: aggregate_train ms/reply by round: {by_round}", flush=True)
            results.append(result)
    _table(results)


def _table(results: list[dict[str, Any]]) -> None:
    """Per reply, node or entry, with each figure's ratio to the first federation's."""
    base = results[0]
    print(f"{'nodes':>6} {'configure ms/node':>18} {'aggregate ms/reply':>19} {'MiB/reply':>14} "
          f"{'peak GiB':>9} {'verify ms/entry':>16}")
    for result in results:
        cells = [f"{result[key]:.2f} ({result[key] / base[key]:.2f}x)"
                 for key in ("configure_ms", "aggregate_ms", "memory_mib", "verify_ms")]
        print(f"{result['nodes']:>6} {cells[0]:>18} {cells[1]:>19} {cells[2]:>14} "
              f"{result['peak_gib']:>9.2f} {cells[3]:>16}")

if __name__ == "__main__":
    main()
