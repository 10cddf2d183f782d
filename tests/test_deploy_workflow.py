"""The README's deployment examples stay true: the GitHub Pages workflow
(``examples/github-pages.yml``, whose build steps the README shows) installs and builds with the
README's own commands, with options the command line accepts, uploads the folder the build
writes and deploys it; Netlify's and Cloudflare's build command is the README's too."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import yaml
from conftest import REPO

from mot_blog.cli_args import parse

WORKFLOW = REPO / "examples/github-pages.yml"


def _readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    text = _readme()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else None]


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.M | re.S)


def _two_commands() -> tuple[str, str]:
    """The README's install and build commands: ``INSTALL && BUILD``."""
    [line] = _blocks(_section("The two commands"), "sh")[0].splitlines()
    install, build = line.split(" && ")
    return install, build


def _workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def _uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_the_readme_shows_the_workflow_s_build_steps_as_they_are_in_the_file() -> None:
    [shown] = _blocks(_section("Deploying"), "yaml")
    assert "python3 -m pip install" in shown and shown in WORKFLOW.read_text(encoding="utf-8")


def test_the_workflow_runs_on_a_push_to_main_with_the_pages_permissions() -> None:
    workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_the_workflow_installs_checks_and_builds_with_the_readme_commands() -> None:
    install, build = _two_commands()
    job = _workflow()["jobs"]["build"]
    runs = _runs(job)
    assert install in runs
    mot_blog = [run for run in runs if run.startswith("mot-blog ")]
    assert [run.split()[1] for run in mot_blog] == ["check", "build"]
    assert mot_blog[1].startswith(build + " ")
    for run in mot_blog:
        args = parse(shlex.split(run)[1:])  # options the command line accepts
        assert args.format == "github", run
        assert args.site == Path(".") and getattr(args, "out", None) is None, run
    assert _uses(job)[0] == "actions/checkout"


def test_the_workflow_uploads_what_the_build_wrote_and_deploys_it() -> None:
    jobs = _workflow()["jobs"]
    [upload] = [s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/up")]
    assert upload["uses"].startswith("actions/upload-pages-artifact@")
    assert upload["with"]["path"] == "public"  # build's default --out: SITE/public
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert _uses(deploy) == ["actions/deploy-pages"]


def test_netlify_and_cloudflare_build_with_the_readme_commands() -> None:
    command = " && ".join(_two_commands())
    deploying = _section("Deploying")
    [netlify] = _blocks(deploying, "toml")
    config = tomllib.loads(netlify)
    assert (config["build"]["command"], config["build"]["publish"]) == (command, "public")
    cloudflare = deploying[deploying.index("### Cloudflare Pages") :]
    assert f"`{command}`" in cloudflare.replace("\n", " ")
