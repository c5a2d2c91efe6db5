"""Static checks of docker-compose.yml: cheap, no Docker engine needed.

`make compose-test` runs the stack for real; these catch the mistakes that
would only show there, minutes into a build: a service calling a command the
CLI does not have, a volume not declared, a dependency on a missing service,
or syntax that one of docker-compose v1.29 and Compose v2 rejects.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
import typer.main
import yaml

from netgpt.cli import app
from netgpt.synthetic import REGIONS

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, dict] = COMPOSE["services"]
DOCKERFILE = (ROOT / "docker" / "Dockerfile").read_text()
# Scripts the image installs: COPY docker/X.sh /usr/local/bin/NAME
IMAGE_SCRIPTS = dict(
    (name, ROOT / "docker" / script)
    for script, name in re.findall(r"^COPY docker/(\S+\.sh) /usr/local/bin/(\S+)$", DOCKERFILE, re.M)
)
VALID_CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
# What edge nodes share: the bundle files init writes (no secrets).
SHARED_NODE_VOLUMES = {"enrollments"}


def _resolve(group: click.Command, words: list[str]) -> click.Command:
    """Follow `words` through the CLI's groups to the command they name."""
    command = group
    for word in words:
        if not isinstance(command, click.Group):
            break
        if word.startswith("-"):
            break
        sub = command.commands.get(word)
        assert sub is not None, f"`netgpt {' '.join(words)}`: no command {word!r}"
        command = sub
    return command


def _options(command: click.Command) -> set[str]:
    return {opt for param in command.params for opt in getattr(param, "opts", [])}


def test_top_level_keys_stay_within_v1_and_v2():
    assert set(COMPOSE) <= {"services", "volumes", "x-netgpt", "x-edge-node"}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_service_commands_exist(name):
    service = SERVICES[name]
    argv = service["command"]
    assert isinstance(argv, list), f"{name}: use the exec form for commands"
    if argv[0] == "netgpt":
        cli = typer.main.get_command(app)
        command = _resolve(cli, argv[1:])
        for word in argv[1:]:
            if word.startswith("--"):
                option = word.split("=", 1)[0]
                assert option in _options(command), f"{name}: `{command.name}` has no option {option}"
    else:
        assert argv[0] in IMAGE_SCRIPTS, f"{name}: {argv[0]} is not installed by docker/Dockerfile"
        assert IMAGE_SCRIPTS[argv[0]].is_file()


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_dependencies_and_volumes_are_declared(name):
    service = SERVICES[name]
    for dependency, spec in (service.get("depends_on") or {}).items():
        assert dependency in SERVICES, f"{name} depends on unknown service {dependency}"
        assert spec["condition"] in VALID_CONDITIONS
        if spec["condition"] == "service_healthy":
            assert "healthcheck" in SERVICES[dependency], f"{dependency} has no healthcheck"
    for volume in service.get("volumes", []):
        source = volume.split(":", 1)[0]
        if not source.startswith((".", "/")):
            assert source in COMPOSE["volumes"], f"{name}: volume {source} is not declared"


def test_three_edge_nodes_in_at_least_two_regions_each_with_own_volumes():
    default_nodes = {
        name: service for name, service in SERVICES.items()
        if service["command"] == ["netgpt-edge-node"] and "profiles" not in service
    }
    assert len(default_nodes) == 3
    regions = {service["environment"]["NODE_REGION"] for service in default_nodes.values()}
    assert len(regions) >= 2 and regions <= set(REGIONS)
    own = [v.split(":", 1)[0] for service in default_nodes.values() for v in service["volumes"]
           if v.split(":", 1)[0] not in SHARED_NODE_VOLUMES]
    assert len(own) == len(set(own)) == 9  # bundle, data and public-key volume each
    enrolled = {spec.split(":")[0]: spec.split(":")[1] for spec in SERVICES["init"]["command"][1:]}
    for service in default_nodes.values():
        assert enrolled[service["environment"]["NODE_NAME"]] == service["environment"]["NODE_REGION"]


def test_operator_services_share_the_superlinks_work_directory():
    for name in ("superlink", "init", "train", "serve"):
        assert "aggregator:/srv/netgpt/work" in SERVICES[name]["volumes"], name


def _mounts(service: dict) -> dict[str, str]:
    """Volume name → how the service mounts it ('ro' or 'rw')."""
    mounts = {}
    for volume in service.get("volumes", []):
        source, _, rest = volume.partition(":")
        mounts[source] = "ro" if rest.endswith(":ro") else "rw"
    return mounts


def test_only_node_n_mounts_node_n_bundle_volume():
    """A node's bundle volume holds its private key: no other service (not init,
    not the aggregator's) may see it, so the key is born and stays on the node."""
    bundles = [volume for volume in COMPOSE["volumes"] if volume.endswith("-bundle")]
    assert len(bundles) == 4
    for volume in bundles:
        holders = {name for name, service in SERVICES.items() if volume in _mounts(service)}
        assert holders == {volume.removesuffix("-bundle")}, f"{volume} is mounted by {sorted(holders)}"


def test_nodes_publish_public_keys_and_read_enrollments_that_init_writes():
    """Each node publishes its key in a volume of its own, which init reads
    only: no node can publish a key under another node's name."""
    init = _mounts(SERVICES["init"])
    nodes = {name: service for name, service in SERVICES.items() if service["command"] == ["netgpt-edge-node"]}
    pubkeys = {f"{name}-pubkey": "ro" for name in nodes}
    assert init == {"aggregator": "rw", "ledger-anchor": "rw", "enrollments": "rw", **pubkeys}
    for name in nodes:
        assert f"{name}-pubkey:/srv/netgpt/pubkeys/{name}:ro" in SERVICES["init"]["volumes"]
    for name, service in nodes.items():
        mounts = _mounts(service)
        assert mounts[f"{name}-pubkey"] == "rw" and mounts["enrollments"] == "ro", name
        holders = {other for other, s in SERVICES.items() if f"{name}-pubkey" in _mounts(s)}
        assert holders == {name, "init"}, f"{name}-pubkey is mounted by {sorted(holders)}"
        assert "aggregator" not in mounts, name
        assert "init" not in (service.get("depends_on") or {}), f"{name} must publish its key before init runs"


def test_the_control_api_is_reachable_only_inside_the_superlink_network_namespace():
    """The SuperLink binds loopback, its front publishes only the Fleet API,
    and the services that call the Control API share the SuperLink's network."""
    command = SERVICES["superlink"]["command"]
    assert not any(arg.startswith("--host") for arg in command), "the SuperLink must stay on loopback"
    assert "--public=0.0.0.0:8443" in command and "--advertise=superlink:8443" in command
    for name in ("init", "train"):
        assert SERVICES[name]["network_mode"] == "service:superlink", name


def test_the_ledger_anchor_lives_outside_the_aggregator_volume_and_is_shared_by_its_writers():
    for name in ("superlink", "init"):
        service = SERVICES[name]
        assert service["environment"]["NETGPT_LEDGER_ANCHOR"] == "/srv/netgpt/anchor", name
        assert "ledger-anchor:/srv/netgpt/anchor" in service["volumes"], name
