"""Every memory saving of an edge node changes where memory goes, never what is
clipped or accounted (`netgpt.modeling.memory`, `client.trainer`)."""

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import psutil
import pytest
import torch
from defaults import dp_config, lora_spec
from opacus import GradSampleModule
from opacus.accountants import PRVAccountant
from transformers import AutoConfig, LlamaForCausalLM

from cli import netgpt
from client.corpus import desensitized_records
from client.node import DEFAULT_MAX_MEMORY_MB, NodeSettings
from client.trainer import _layers_checkpointed, per_record_loss, train_dp
from netgpt.allocator import SYSTEM, choose_allocator, running_allocator
from netgpt.layout import NodeData
from netgpt.memory_budget import PHONE_CLASS_MIB, default_budget_mib
from netgpt.modeling import (
    autocast,
    build_lora_model,
    load_base_model,
    mean_token_loss,
    resolve_precision,
    tokenize,
    trainable_state,
)
from netgpt.modeling.memory import (
    LOSS_CHUNK_TOKENS,
    SMALL_LOSS_CHUNK_TOKENS,
    UNPLANNED,
    MemoryPlan,
    estimated_peak_mib,
    plan_memory,
    token_losses,
)

TEXTS = [f"can you book a table near <LOCATION> for {i} people tonight" for i in range(12)]
CHUNK = 64  # smaller than a batch's tokens, so the loss really is taken in several chunks


def per_sample_gradients(
    model_cache, plan: MemoryPlan, precision: str, weights: str = "fp32"
) -> dict[str, torch.Tensor]:
    """Opacus's per-record gradients of one batch, as the trainer computes them under `plan`."""
    base = load_base_model("tiny", model_cache, weights=weights, compute=precision)  # type: ignore[arg-type]
    model = build_lora_model(base.model, lora_spec())
    model.train()
    input_ids, attention_mask = tokenize(base.tokenizer, TEXTS, 32).tensors
    sampled = GradSampleModule(model)
    with _layers_checkpointed(model, plan.checkpoint_layers):
        with autocast(precision):  # type: ignore[arg-type]
            loss = per_record_loss(sampled, input_ids, attention_mask, plan.loss_chunk_tokens)
        loss.mean().backward()
    grads = {name: p.grad_sample.clone() for name, p in sampled.named_parameters() if p.requires_grad}
    sampled.remove_hooks()
    assert grads and all(g.shape[0] == len(TEXTS) for g in grads.values())
    return grads


def largest_relative_difference(one: dict[str, torch.Tensor], other: dict[str, torch.Tensor]) -> float:
    """Per record and tensor, |a - b| / |a|: the worst over all of them."""
    return max(
        float(((one[k] - other[k]).flatten(1).norm(dim=1) / one[k].flatten(1).norm(dim=1).clamp(min=1e-30)).max())
        for k in one
    )


@pytest.mark.parametrize(("precision", "weights"), [("fp32", "fp32"), ("bf16", "fp32"), ("bf16", "bf16"),
                                                   ("fp32", "bf16")])
def test_checkpointed_layers_give_opacus_the_same_per_sample_gradients_bit_for_bit(model_cache, precision, weights):
    """Opacus's forward hook would fire again in the recompute; re-entrant checkpointing
    runs the first forward without autograd, so it fires once and the gradients are exact."""
    reference = per_sample_gradients(model_cache, UNPLANNED, precision, weights)
    checkpointed = per_sample_gradients(model_cache, replace(UNPLANNED, checkpoint_layers=True), precision, weights)
    assert all(torch.equal(reference[k], checkpointed[k]) for k in reference)


@pytest.mark.parametrize(("precision", "tolerance"), [("fp32", 1e-5), ("bf16", 2e-2)])
def test_a_chunked_loss_gives_the_same_per_sample_gradients(model_cache, precision, tolerance):
    """Measured: 9e-7 in fp32. In bf16 8.4e-3: both round the head's product and its
    gradient to bf16, in another order (the chunked loss takes the gradient in the
    forward pass); against a float64 product its gradient is the closer of the two
    (tests/test_head_loss.py), so the bound is two bf16 roundings' worth, with room
    for another CPU's bf16 products. Clipping bounds whatever comes out."""
    reference = per_sample_gradients(model_cache, UNPLANNED, precision)
    chunked = per_sample_gradients(model_cache, replace(UNPLANNED, loss_chunk_tokens=CHUNK), precision)
    assert largest_relative_difference(reference, chunked) <= tolerance


def test_every_saving_at_once_gives_the_same_clipped_update_without_noise(model_cache):
    """q = 1, σ = 0, one step: the update is lr × the mean of the clipped per-record
    gradients, so it shows whatever any saving changed in what is clipped and summed."""
    config = dp_config(batch_size=len(TEXTS), noise_multiplier=0.0, max_grad_norm=1e-3, precision="fp32")
    updates = []
    for plan in (UNPLANNED, MemoryPlan(physical_batch=5, loss_chunk_tokens=CHUNK, checkpoint_layers=True)):
        base = load_base_model("tiny", model_cache)
        model = build_lora_model(base.model, lora_spec())
        before = trainable_state(model, "ffa")
        report = train_dp(model, tokenize(base.tokenizer, TEXTS, 32), replace(config, memory=plan), PRVAccountant())
        assert report.steps == 1 and report.samples_seen == len(TEXTS)
        after = trainable_state(model, "ffa")
        updates.append({k: after[k] - before[k] for k in before})
    whole, planned = updates
    assert any(float(v.abs().max()) > 0 for v in whole.values())
    for key, value in whole.items():
        torch.testing.assert_close(planned[key], value, rtol=1e-5, atol=1e-9)


def default_model_shape(model_cache) -> LlamaForCausalLM:
    """The default model's layers without its weights (on the meta device): all a plan needs."""
    load_base_model("default", model_cache)  # converts the GGUF once if needed
    config = AutoConfig.from_pretrained(model_cache / "smollm2-135m-instruct")
    with torch.device("meta"):
        return LlamaForCausalLM(config)


def test_a_smaller_budget_picks_a_leaner_plan_for_the_default_model(model_cache):
    model = default_model_shape(model_cache).to(torch.bfloat16)  # as a node training in bf16 holds it
    plans = {budget: plan_memory(model, 16, 64, budget, precision="bf16") for budget in (0, 4096, 1280, 1024, 1)}
    assert plans[0] == MemoryPlan()  # no budget: the fastest, batches run as drawn
    # A budget, however roomy, splits a Poisson draw above the expected 16
    # records: the estimate is for 16, and a larger draw would break it.
    assert plans[4096] == MemoryPlan(physical_batch=16)
    # Smaller physical batches come before checkpointing: faster while one
    # holds 256 tokens or more.
    assert plans[1280] == MemoryPlan(physical_batch=8, loss_chunk_tokens=SMALL_LOSS_CHUNK_TOKENS)
    assert plans[1024] == MemoryPlan(physical_batch=4, loss_chunk_tokens=SMALL_LOSS_CHUNK_TOKENS)
    # Nothing fits: the leanest plan there is, one record at a time, checkpointed.
    assert plans[1] == MemoryPlan(physical_batch=1, loss_chunk_tokens=SMALL_LOSS_CHUNK_TOKENS,
                                  checkpoint_layers=True)
    assert plan_memory(model, 16, 64, 860, precision="bf16").checkpoint_layers
    # Below the first checkpointed plans, the first that fits, not the leanest.
    assert plan_memory(model, 16, 64, 820, precision="bf16") == MemoryPlan(
        physical_batch=4, loss_chunk_tokens=SMALL_LOSS_CHUNK_TOKENS, checkpoint_layers=True
    )
    estimates = [estimated_peak_mib(model, plans[b], 16, 64, precision="bf16") for b in (0, 1280, 1024, 1)]
    assert estimates == sorted(estimates, reverse=True)
    assert estimated_peak_mib(model, UNPLANNED, 16, 64, precision="bf16") > estimates[0]


def test_fp32_products_keep_more_for_the_backward_pass_so_a_budget_checkpoints_sooner(model_cache):
    """The weights are held in bf16 either way; in fp32 every activation is
    twice the bytes, and at 1 GiB the batch's layers no longer fit uncheckpointed
    (physical batches of 4 peaked at 1,069 MiB, checkpointed layers at 947)."""
    model = default_model_shape(model_cache).to(torch.bfloat16)
    assert plan_memory(model, 16, 64, PHONE_CLASS_MIB, precision="bf16") == MemoryPlan(
        physical_batch=4, loss_chunk_tokens=SMALL_LOSS_CHUNK_TOKENS
    )
    assert plan_memory(model, 16, 64, PHONE_CLASS_MIB, precision="fp32") == MemoryPlan(
        physical_batch=16, checkpoint_layers=True
    )
    for plan in (MemoryPlan(), MemoryPlan(physical_batch=4, checkpoint_layers=True)):
        bf16, fp32 = (estimated_peak_mib(model, plan, 16, 64, precision=p) for p in ("bf16", "fp32"))
        assert fp32 > bf16


def test_the_estimate_counts_the_weights_in_the_dtype_they_are_held_in(model_cache):
    """A node under bf16 autocast holds its base weights in bf16: half the bytes,
    which a budget's plan must see, or it picks a slower plan than it needs."""
    model = default_model_shape(model_cache)
    parameters = sum(p.numel() for p in model.parameters())
    fp32 = estimated_peak_mib(model, MemoryPlan(), 16, 64, precision="fp32")
    bf16 = estimated_peak_mib(model.to(torch.bfloat16), MemoryPlan(), 16, 64, precision="fp32")
    assert fp32 - bf16 == pytest.approx(parameters * 2 / 2**20)


def test_a_memory_budget_leaves_q_sigma_steps_and_epsilon_as_they_were(model_cache):
    """Physical batches are parts of one logical batch: Opacus clips and sums them and
    adds noise, steps and charges once per logical batch. Charging per part would
    double the steps here and raise ε with them."""
    # The kind of plan a tight budget picks, with physical batches smaller than the logical one.
    lean = MemoryPlan(physical_batch=4, loss_chunk_tokens=SMALL_LOSS_CHUNK_TOKENS, checkpoint_layers=True)
    config = dp_config(batch_size=6, precision="fp32")
    results = []
    for plan in (plan_memory(default_model_shape(model_cache), 16, 64, 0, precision="fp32"), lean):
        base = load_base_model("tiny", model_cache)
        model = build_lora_model(base.model, lora_spec())
        accountant = PRVAccountant()
        report = train_dp(model, tokenize(base.tokenizer, TEXTS, 32), replace(config, memory=plan), accountant)
        results.append((report, accountant.history))
    (unbounded, history), (bounded, bounded_history) = results
    assert 0 < lean.physical_batch < config.batch_size
    assert history == bounded_history == [(config.noise_multiplier, 0.5, 2)]
    assert (unbounded.sample_rate, unbounded.steps, unbounded.epsilon) == (
        bounded.sample_rate, bounded.steps, bounded.epsilon
    )


def test_the_node_reads_its_memory_budget_from_its_node_config(tmp_path):
    config = {"bundle-dir": str(tmp_path), "data-dir": str(tmp_path), "node-name": "node-1", "region": "eu"}
    assert NodeSettings.from_node_config(config).max_memory_mb == DEFAULT_MAX_MEMORY_MB == "auto"
    for written, budget in ((512, 512), ("512", 512), ("0", 0), ("AUTO", "auto")):
        assert NodeSettings.from_node_config(config | {"max-memory-mb": written}).max_memory_mb == budget
    for broken in ("lots", "-1", "1.5"):
        with pytest.raises(ValueError, match="memory budget"):
            NodeSettings.from_node_config(config | {"max-memory-mb": broken})


def test_auto_is_the_phone_class_budget_only_where_a_round_can_keep_it(tmp_path):
    assert default_budget_mib("bf16", flat_heap=True) == PHONE_CLASS_MIB
    assert default_budget_mib("bf16", flat_heap=False) == 0  # glibc's heap grows past it
    assert default_budget_mib("fp32", flat_heap=True) == 0  # kept only checkpointed: slower than before
    config = {"bundle-dir": str(tmp_path), "data-dir": str(tmp_path), "node-name": "node-1", "region": "eu"}
    given = NodeSettings.from_node_config(config | {"max-memory-mb": 768})
    assert given.memory_budget("fp32") == given.memory_budget("bf16") == 768
    if running_allocator() == SYSTEM.name:  # pytest runs on what it was started with
        assert NodeSettings.from_node_config(config).memory_budget("bf16") == 0
    allocator = choose_allocator("auto")
    if allocator.library is None:
        pytest.skip("neither tcmalloc nor jemalloc is installed here")
    # A ClientApp inherits the allocator `node start` preloads; there auto is the phone-class budget.
    probe = ("import sys; from client.node import NodeSettings; "
             f"print(NodeSettings.from_node_config({config!r}).memory_budget(sys.argv[1]))")
    env = allocator.environment(dict(os.environ))
    for precision, budget in (("bf16", PHONE_CLASS_MIB), ("fp32", 0)):
        child = subprocess.run([sys.executable, "-c", probe, precision], env=env, capture_output=True, text=True,
                               timeout=120, check=True)
        assert int(child.stdout) == budget


FIRST_ROUND = """
import json, sys
from pathlib import Path
from client.node import EdgeNode, NodeSettings
from netgpt.settings import RunSettings
from netgpt.synthetic import generate_federation_data
from policies import load_policy
root, node_config, run_config = Path(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
generate_federation_data(root / "federation", 1, seed=0)
(root / "bundle").mkdir()
settings = NodeSettings.from_node_config({
    "bundle-dir": str(root / "bundle"), "data-dir": str(root / "federation" / "node-1"),
    "node-name": "node-1", "region": "north", "model-cache": str(root / "models"), "threads": 2} | node_config)
run = RunSettings.defaults({"train.max-train-records": 32} | run_config)
EdgeNode(settings, run, load_policy()).train({}, 1, 7)
print(next(line.split()[1] for line in Path("/proc/self/status").read_text().splitlines()
           if line.startswith("VmHWM:")))
"""


def test_a_nodes_first_round_keeps_the_phone_class_budget_from_an_empty_model_cache(tmp_path):
    """The whole first round of a new node as its ClientApp runs it, on the
    default model and settings: its records desensitized, the model's cache
    built (the GGUF conversion took this process to 1,569 MiB when it ran
    here), the model loaded in bf16, and DP-SGD steps under the plan `auto`
    picks. Its peak resident memory stays within the budget."""
    allocator = choose_allocator("auto")
    if allocator.library is None or resolve_precision("auto") != "bf16":
        pytest.skip("auto sets no budget here: it needs tcmalloc or jemalloc and a CPU with bf16")
    child = first_round(tmp_path, allocator, {}, {})
    assert f"budget {PHONE_CLASS_MIB} MiB (auto)" in child.stderr
    assert int(child.stdout) / 1024 <= PHONE_CLASS_MIB


def test_a_node_without_bf16_arithmetic_keeps_a_phone_class_budget_it_is_given(tmp_path, model_cache):
    """In fp32 the node holds its frozen weights in bf16 and multiplies them in
    fp32 (`netgpt.modeling.held_weights`): with fp32 weights the runtime and
    the weights alone took about 990 MiB. This CPU has bf16 or not: the round
    is trained in fp32 either way, as a CPU without it would."""
    allocator = choose_allocator("auto")
    if allocator.library is None:
        pytest.skip("a budget holds on tcmalloc or jemalloc, and neither is installed here")
    (tmp_path / "models").symlink_to(model_cache)  # the cache build is the other test's
    child = first_round(tmp_path, allocator, {"max-memory-mb": PHONE_CLASS_MIB}, {"train.precision": "fp32"})
    assert f"budget {PHONE_CLASS_MIB} MiB ({PHONE_CLASS_MIB})" in child.stderr
    assert "checkpointed layers" in child.stderr
    assert int(child.stdout) / 1024 <= PHONE_CLASS_MIB


def first_round(root: Path, allocator, node_config: dict, run_config: dict) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", FIRST_ROUND, str(root), json.dumps(node_config),
                           json.dumps(run_config)],
                          env=allocator.environment(dict(os.environ)), capture_output=True, text=True,
                          timeout=600, check=True, cwd=Path(__file__).resolve().parents[1])


def test_a_bad_memory_budget_is_refused_before_the_node_starts(tmp_path):
    commands = (["node", "start", "--bundle", "/nonexistent"], ["federation", "up", "--workdir", str(tmp_path / "w")])
    for command in commands:
        result = netgpt(*command, "--max-memory-mb", "lots")
        assert result.returncode == 2
        output = result.stdout + result.stderr
        assert "--max-memory-mb" in output and "lots" in output
    assert not (tmp_path / "w").exists()


def test_no_pass_materializes_more_than_a_chunk_of_logits(model_cache):
    """Training and the held-out loss both call the output head on at most
    LOSS_CHUNK_TOKENS tokens at a time, and training reads every token through
    it once: the gradient is taken in the forward pass, nothing is recomputed."""
    base = load_base_model("tiny", model_cache)
    model = build_lora_model(base.model, lora_spec())
    texts = [f"table for {i} near <LOCATION> at {i} pm, please " * 4 for i in range(16)]
    data = tokenize(base.tokenizer, texts, 64)
    assert 2 * LOSS_CHUNK_TOKENS < 16 * 63
    widest: list[int] = []
    head = model.get_output_embeddings()
    handle = head.register_forward_hook(lambda _m, _i, out: widest.append(out.numel() // out.shape[-1]))
    try:
        report = train_dp(model, data, dp_config(batch_size=16, precision="fp32"), PRVAccountant())
        trained = list(widest)
        mean_token_loss(model, data, "fp32")
    finally:
        handle.remove()
    assert len(trained) >= report.steps * 2  # several chunks a step
    assert sum(trained) == report.samples_seen * (data.tensors[0].shape[1] - 1)
    assert max(widest) <= LOSS_CHUNK_TOKENS


def test_a_trainable_output_head_keeps_the_models_own_forward(model_cache):
    """With the head trained (LoRA on lm_head), chunks of tokens would reach
    Opacus where it needs records, and clipping would be per token."""
    base = load_base_model("tiny", model_cache)
    model = build_lora_model(base.model, lora_spec())
    data = tokenize(base.tokenizer, [f"table for {i} near <LOCATION> at {i} pm, please " * 4 for i in range(8)], 64)
    head = model.get_output_embeddings()
    calls: list[int] = []
    handle = head.register_forward_hook(lambda _m, _i, out: calls.append(out.numel() // out.shape[-1]))
    try:
        head.weight.requires_grad_(True)
        ids, mask = data.tensors
        token_losses(model, ids, mask, LOSS_CHUNK_TOKENS)
    finally:
        head.weight.requires_grad_(False)
        handle.remove()
    assert calls == [ids.numel()], "one pass over every token of the batch"


def test_bf16_weights_train_the_adapter_as_well_as_fp32_weights(model_cache):
    """Under bf16 autocast the products read the weights in bf16 either way; held
    in bf16, only the embeddings' and norms' own values round. σ = 0 and q = 1
    make training deterministic, so what is left is that rounding: the held-out
    loss after training must match the fp32-weights one to well within the gain."""
    train = [f"can you book a table near <LOCATION> for {i} people tonight at {i % 12} pm" for i in range(48)]
    held = [f"please book a table near <LOCATION> for {i} people tomorrow at {i % 12} pm" for i in range(16)]
    config = dp_config(batch_size=len(train), noise_multiplier=0.0, max_grad_norm=1.0, learning_rate=1.0, epochs=4,
                       precision="bf16")
    losses = {}
    for weights in ("fp32", "bf16"):
        base = load_base_model("tiny", model_cache, weights=weights)  # type: ignore[arg-type]
        model = build_lora_model(base.model, lora_spec())
        data = tokenize(base.tokenizer, held, 32)
        before, _ = mean_token_loss(model, data, "bf16")
        train_dp(model, tokenize(base.tokenizer, train, 32), config, PRVAccountant())
        losses[weights] = before, mean_token_loss(model, data, "bf16")[0]
    gain = losses["fp32"][0] - losses["fp32"][1]
    assert gain > 0.1  # measured 0.17: training moved the held-out loss
    assert losses["bf16"][1] <= losses["fp32"][1] + 0.02 * gain  # measured: 1e-4 apart


def test_a_node_whose_records_are_cached_never_imports_presidio(tmp_path):
    """Presidio and spaCy hold ~55 MiB of a node process and take a second or more
    to import; a round whose records were desensitized before (every round after
    the first) needs neither. Run as the node runs: a fresh process that loads
    the ClientApp and reads its corpus."""
    data = NodeData(tmp_path / "data")
    data.root.mkdir()
    data.records.write_text("".join(json.dumps({"id": str(i), "text": text}) + "\n" for i, text in enumerate(TEXTS)))
    data.profile.write_text(json.dumps({"name": "Ada Lovelace", "email": "ada@example.org"}))
    cache = tmp_path / "desensitized.json"
    first = desensitized_records(data, cache, "city")  # the first round: desensitized here, and cached
    node = """
import json, sys
from pathlib import Path
import client.client_app
from client.corpus import desensitized_records
from netgpt.layout import NodeData
records = desensitized_records(NodeData(Path(sys.argv[1])), Path(sys.argv[2]), "city")
imported = {name.split(".")[0] for name in sys.modules} & {"presidio_analyzer", "presidio_anonymizer", "spacy"}
print(json.dumps([[record.text for record in records], sorted(imported)]))
"""
    run = subprocess.run(
        [sys.executable, "-c", node, str(data.root), str(cache)],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1],
    )
    texts, imported = json.loads(run.stdout.strip().splitlines()[-1])
    assert texts == [record.text for record in first]
    assert imported == []


def test_a_node_desensitizes_in_a_child_that_takes_presidio_with_it(tmp_path):
    """The first round's desensitization runs in a forked child: the node's
    own process, which trains next, never imports Presidio or spaCy, and gets
    the same texts as desensitizing in-process; a broken address book is
    refused from the child by the same error, naming the file only."""
    data = NodeData(tmp_path / "data")
    data.root.mkdir()
    data.records.write_text("".join(json.dumps({"id": str(i), "text": text}) + "\n"
                                    for i, text in enumerate(["write to Ada Lovelace at ada@example.org",
                                                              "call +44 20 7946 0958 before noon"])))
    data.profile.write_text(json.dumps({"name": "Ada Lovelace", "email": "ada@example.org"}))
    in_process = desensitized_records(data, tmp_path / "here.json", "city")
    node = """
import json, sys
from pathlib import Path
from client.corpus import desensitized_records
from client.records import RecordsError
from netgpt.layout import NodeData
data = NodeData(Path(sys.argv[1]))
try:
    texts = [r.text for r in desensitized_records(data, Path(sys.argv[2]), "city", in_child=True)]
except RecordsError as error:
    texts = f"RecordsError: {error}"
imported = {name.split(".")[0] for name in sys.modules} & {"presidio_analyzer", "presidio_anonymizer", "spacy"}
print(json.dumps([texts, sorted(imported)]))
"""

    def run(cache: str) -> list:
        done = subprocess.run([sys.executable, "-c", node, str(data.root), str(tmp_path / cache)],
                              capture_output=True, text=True, check=True, timeout=300,
                              cwd=Path(__file__).resolve().parents[1])
        return json.loads(done.stdout.strip().splitlines()[-1])

    texts, imported = run("child.json")
    assert texts == [record.text for record in in_process]
    assert "Ada" not in texts[0] and "7946" not in texts[1]
    assert imported == []
    data.profile.write_text("{not json, Ada Lovelace")
    refused, _ = run("broken.json")
    assert refused == f"RecordsError: {data.profile} is not a valid profile"


STOP_SCRIPT = """
import signal, sys, threading, time
from pathlib import Path
import psutil
from client.corpus import DesensitizerDied, desensitized_records
from netgpt.layout import NodeData

def flower(signum, frame):  # as Flower's ClientApp handler ends: exit into the code it interrupted
    raise SystemExit(0)

signal.signal(signal.SIGTERM, flower)

def announce_child():
    me = psutil.Process()
    while not me.children():
        time.sleep(0.02)
    child = me.children()[0]
    print(child.pid, flush=True)
    if sys.argv[3] == "child":
        child.terminate()

threading.Thread(target=announce_child, daemon=True).start()
try:
    desensitized_records(NodeData(Path(sys.argv[1])), Path(sys.argv[2]), "city", in_child=True)
    print("finished", flush=True)
except DesensitizerDied as error:
    print(f"died: {error}", flush=True)
"""


@pytest.mark.parametrize("stopped", ["child", "parent"])
def test_a_stopped_desensitizing_child_never_runs_flowers_handler_nor_outlives_its_node(tmp_path, stopped):
    """The child is forked from a ClientApp whose SIGTERM handler is Flower's.
    Stopped alone, it ends by the default action (it does not run that handler
    and exit as if its task were done), and the node is told; when the node's
    process is stopped mid-way, the child goes with it instead of desensitizing on."""
    data = NodeData(tmp_path / "data")
    data.root.mkdir()
    data.records.write_text("".join(json.dumps({"id": str(i), "text": f"{text} {i}"}) + "\n"
                                    for i, text in enumerate(TEXTS * 20)))
    node = subprocess.Popen([sys.executable, "-c", STOP_SCRIPT, str(data.root), str(tmp_path / "c.json"), stopped],
                            stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1])
    assert node.stdout is not None
    child = int(node.stdout.readline())
    if stopped == "parent":
        node.terminate()
    out, _ = node.communicate(timeout=120)
    assert node.returncode == 0
    if stopped == "child":
        assert out.strip() == "died: the process desensitizing the records ended with exit code -15"
    else:
        assert out == ""
    assert not psutil.pid_exists(child) or psutil.Process(child).status() == psutil.STATUS_ZOMBIE
    assert not (tmp_path / "c.json").exists()
