import math

import pytest
import torch
from defaults import dp_config, lora_spec
from opacus.accountants import PRVAccountant, RDPAccountant

from client.trainer import TrainingIntegrityError, _check_step, train_dp
from netgpt.modeling import build_lora_model, load_base_model, tokenize, trainable_state
from privacy.dp.accountant_store import AccountantStateError, AccountantStore
from privacy.dp.accounting import epsilon

TEXTS = [f"can you book a table near <LOCATION> for {i} people tonight" for i in range(48)]


@pytest.fixture
def lora(model_cache):
    base = load_base_model("tiny", model_cache)
    return build_lora_model(base.model, lora_spec()), base.tokenizer


def test_dp_round_changes_adapter_and_accumulates_epsilon(lora, tmp_path):
    model, tokenizer = lora
    store = AccountantStore(tmp_path / "accountant.json")
    data = tokenize(tokenizer, TEXTS, 32)
    before = trainable_state(model, "ffa")
    accountant = store.load()
    first = train_dp(model, data, dp_config(batch_size=8, precision="fp32"), accountant)
    store.save(accountant)
    after = trainable_state(model, "ffa")
    assert any(not torch.equal(before[k], after[k]) for k in before)
    assert all(torch.isfinite(v).all() for v in after.values())
    assert first.steps > 0 and 0 < first.epsilon < math.inf

    reloaded = AccountantStore(tmp_path / "accountant.json").load()  # as after a node restart
    assert first.epsilon == epsilon(reloaded.history, 1e-5)  # the figure the aggregator recomputes
    assert first.epsilon < epsilon(reloaded.history, 1e-5, "rdp")
    second = train_dp(model, data, dp_config(batch_size=8, precision="fp32"), reloaded)
    assert second.epsilon > first.epsilon


def test_bf16_autocast_trains_even_from_eval_mode(lora):
    model, tokenizer = lora
    model.eval()  # as after an evaluation pass
    report = train_dp(
        model, tokenize(tokenizer, TEXTS, 32), dp_config(batch_size=8, precision="bf16"), PRVAccountant()
    )
    assert report.steps > 0


def test_integrity_check_catches_nan_and_frozen_weights():
    weight = torch.nn.Parameter(torch.ones(2, 2))
    with pytest.raises(TrainingIntegrityError):
        _check_step([weight], [weight.detach().clone()])
    with torch.no_grad():
        weight[0, 0] = float("nan")
    with pytest.raises(TrainingIntegrityError):
        _check_step([weight], [torch.ones(2, 2)])


def test_corrupt_accountant_state_is_refused_not_reset(tmp_path):
    (tmp_path / "accountant.json").write_text("{not json")
    with pytest.raises(AccountantStateError):
        AccountantStore(tmp_path / "accountant.json").load()


def test_an_empty_poisson_batch_is_a_step_of_noise_only(lora):
    """With Poisson sampling at q = 1/48, about a third of the steps draw no record. DP-SGD's
    analysis counts them as steps that add noise alone; they must neither crash nor be skipped."""
    model, tokenizer = lora
    accountant = PRVAccountant()
    report = train_dp(
        model, tokenize(tokenizer, TEXTS, 16), dp_config(batch_size=1, precision="fp32"),
        accountant,
    )
    assert report.steps == len(TEXTS)  # P(no empty step) = (1 - 0.36)^48 < 1e-9
    assert accountant.history[-1][2] == len(TEXTS)  # every step was charged


@pytest.mark.parametrize("weights", ["fp32", "bf16"])
def test_no_record_contributes_more_than_the_clipping_norm_under_bf16(model_cache, weights):
    """σ = 0 and one record per step (q = 1): the step moves the adapter by
    exactly lr × the record's clipped gradient (plain SGD's first step), whose
    norm the accounting assumes is at most C. Every record's gradient is far
    above C, so each is clipped; with norms taken in bf16 some came out ~0.5%
    too large. The same holds for a node whose base weights are held in bf16."""
    base = load_base_model("tiny", model_cache, weights=weights)
    model, tokenizer = build_lora_model(base.model, lora_spec()), base.tokenizer
    clip, rate = 1e-3, 1e3
    config = dp_config(batch_size=1, noise_multiplier=0.0, max_grad_norm=clip, learning_rate=rate, precision="bf16")
    moved = []
    for i in range(16):
        record = tokenize(tokenizer, [f"note {i}: meet at {7 * i} by the river, bring {i} apples"], 32)
        before = trainable_state(model, "ffa")
        train_dp(model, record, config, RDPAccountant())  # any accountant: ε at σ = 0 is not the point
        after = trainable_state(model, "ffa")
        step = sum(float(((after[k].double() - before[k].double()) ** 2).sum()) for k in before) ** 0.5
        moved.append(step / rate)
    assert min(moved) > 0.99 * clip  # clipping was active
    assert max(moved) <= clip * (1 + 1e-5)
