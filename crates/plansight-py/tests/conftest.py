"""Shared paths for the package's tests: the repository, its fixtures, the CLI
(built by the workspace's tests as target/debug/plansight, or here by cargo when
missing) and a scratch folder under target/."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures"
SEED = ROOT / "seeds" / "000_6484c7ca487d3a6f.txt"


@pytest.fixture(scope="session")
def cli() -> Path:
    exe = Path(os.environ.get("PLANSIGHT_CLI", ROOT / "target" / "debug" / "plansight"))
    if not exe.exists():
        subprocess.run(["cargo", "build", "-p", "plansight-cli"], cwd=ROOT, check=True)
    return exe


@pytest.fixture(scope="session")
def scratch() -> Path:
    out = ROOT / "target" / "py-tests"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return out
