"""Training throughput and quality: DP-SGD vs plain SGD, bf16 autocast vs fp32.

All four variants train the same default-model LoRA adapter on the same
desensitized records of one synthetic node, in one process, one after another,
and the script prints samples/s, held-out perplexity and the ratios between
them. Usage: `.venv/bin/python bench/train_throughput.py [--records N]`.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import torch
from opacus.accountants import RDPAccountant
from torch.utils.data import DataLoader, TensorDataset

from client.corpus import desensitized_records
from client.node import train_config
from client.records import split
from client.trainer import DPTrainConfig, per_record_loss, train_dp
from netgpt.layout import NodeData
from netgpt.modeling import adapter_disabled, autocast, build_lora_model, load_base_model, mean_token_loss, tokenize
from netgpt.settings import RunSettings
from netgpt.synthetic import generate_federation_data
from policies import load_policy

REPO = Path(__file__).resolve().parents[1]


def train_plain(model: torch.nn.Module, data: TensorDataset, cfg: DPTrainConfig) -> tuple[float, int]:
    """The same loop without Opacus: the baseline DP is compared against."""
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.SGD(params, lr=cfg.learning_rate, momentum=0.9)
    model.train()
    samples, started = 0, time.perf_counter()
    for _ in range(cfg.epochs):
        for input_ids, attention_mask in DataLoader(data, batch_size=cfg.batch_size, shuffle=True):
            optimizer.zero_grad(set_to_none=True)
            with autocast(cfg.precision):
                loss = per_record_loss(model, input_ids, attention_mask).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, cfg.max_grad_norm)
            optimizer.step()
            samples += len(input_ids)
    return time.perf_counter() - started, samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=128, help="training records")
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(2)
    cache = REPO / "work" / "test-models"
    settings, policy = RunSettings.defaults(), load_policy()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate_federation_data(root / "data", 1, seed=0)
        records = desensitized_records(NodeData(root / "data" / "node-1"), root / "cache.json", "city")
    train, held = split(records, 0.2)
    train = train[: args.records]
    tokenizer = load_base_model("default", cache).tokenizer
    train_data = tokenize(tokenizer, [r.text for r in train], 64)
    held_data = tokenize(tokenizer, [r.text for r in held], 64)
    print(f"default model, {len(train)} training / {len(held)} held-out records, "
          f"{args.epochs} epoch(s), batch 16, 64 tokens, 2 threads")
    base_loss = None
    results = {}
    for dp in (True, False):
        for precision in ("fp32", "bf16"):
            torch.manual_seed(0)
            model = build_lora_model(load_base_model("default", cache).model, settings.lora.spec("ffa"))
            cfg = replace(train_config(settings.train, policy), precision=precision, epochs=args.epochs)
            if base_loss is None:
                with adapter_disabled(model):
                    base_loss, _ = mean_token_loss(model, held_data, "fp32")
            if dp:
                report = train_dp(model, train_data, cfg, RDPAccountant())
                seconds, samples = report.seconds, report.samples_seen
            else:
                seconds, samples = train_plain(model, train_data, cfg)
            loss, _ = mean_token_loss(model, held_data, "fp32")
            name = f"{'DP-SGD' if dp else 'SGD   '} {precision}"
            results[name] = samples / seconds
            print(f"{name}: {samples / seconds:6.2f} samples/s  held-out ppl "
                  f"{math.exp(base_loss):.2f} -> {math.exp(loss):.2f}")
    print("ratios:")
    print(f"  bf16/fp32 under DP-SGD : {results['DP-SGD bf16'] / results['DP-SGD fp32']:.2f}x")
    print(f"  bf16/fp32 plain SGD    : {results['SGD    bf16'] / results['SGD    fp32']:.2f}x")
    print(f"  DP-SGD/SGD fp32        : {results['DP-SGD fp32'] / results['SGD    fp32']:.2f}x")
    print(f"  DP-SGD/SGD bf16        : {results['DP-SGD bf16'] / results['SGD    bf16']:.2f}x")


if __name__ == "__main__":
    main()
