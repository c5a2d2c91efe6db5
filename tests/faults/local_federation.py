"""A federation of real processes for the fault tests, started as the role
commands start them on separate machines (a SuperLink, SuperNodes), not under
`federation up`, whose launcher stops everything once one of its processes dies."""

from __future__ import annotations

import sys
from pathlib import Path

from netgpt.federation import FederationSpec, LocalFederation
from netgpt.modeling import load_base_model
from netgpt.processes import free_port

NETGPT = str(Path(sys.executable).with_name("netgpt"))
# Long enough for a loaded 2-core machine to start the ClientApps and train the
# tiny model (rounds took up to 180 s at a load of 11); a run does not wait
# that long for a dead node, since the SuperLink reports it unavailable once
# it misses two heartbeats (about a minute).
DEADLINE_S = 300
POLICY = f"version: 1\naggregation:\n  min_nodes: 2\n  round_timeout_s: {DEADLINE_S}\n"


def prepared(workdir: Path, model_cache: Path, nodes: int) -> tuple[LocalFederation, Path]:
    """The nodes' data and bundles in `workdir`, the tiny model in place, and
    a policy file with the deadline above."""
    (workdir / "models").symlink_to(model_cache, target_is_directory=True)
    policy_file = workdir / "deadline.yaml"
    policy_file.write_text(POLICY)
    federation = LocalFederation(FederationSpec(workdir=workdir, nodes=nodes, model="tiny"), lambda event: None)
    federation.prepare_data()
    load_base_model("tiny", federation.layout.models)
    return federation, policy_file


def superlink_argv(workdir: Path, port: int) -> list[str]:
    return [NETGPT, "superlink", "--workdir", str(workdir), "--host", "127.0.0.1", "--port", str(port)]


def start_nodes(federation: LocalFederation, port: int, env: dict[str, str]) -> None:
    """Every node of `federation` as `netgpt node start` on its own bundle."""
    for bundle in federation.bundles():
        federation.group.start(bundle.name, [NETGPT, "node", "start", "--bundle", str(bundle.directory),
                                             "--superlink", f"127.0.0.1:{port}", "--threads", "1",
                                             "--model-cache", str(federation.layout.models),
                                             "--runtime-port", str(free_port())], env)
