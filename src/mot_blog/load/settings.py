"""What every part of site.yaml is checked with: the file's name, and unknown keys refused
with a did-you-mean hint at their line."""

from __future__ import annotations

from typing import Any

from mot_blog.errors import Problem, did_you_mean
from mot_blog.load.yamldoc import YamlDoc

CONFIG_FILE = "site.yaml"


def unknown_keys(
    mapping: dict[str, Any], allowed: dict[str, str], doc: YamlDoc, path: str, at: tuple
) -> list[Problem]:
    problems = []
    for key in mapping:
        if key not in allowed:
            problems.append(
                Problem(
                    path,
                    doc.line_of(*at, key),
                    f"unknown key '{key}'{did_you_mean(str(key), allowed)}; allowed: "
                    + ", ".join(sorted(allowed)),
                )
            )
    return problems
