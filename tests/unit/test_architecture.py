"""The engine stays usable without the UI and without loading torch."""

import subprocess
import sys


def _modules_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_architecture_engine_import_leaves_ui_and_torch_out():
    modules = _modules_after(
        "import verifier, verifier.model, verifier.cli, verifier.retrieval.embed"
    )
    assert "textual" not in modules
    assert "tui" not in modules
    assert "torch" not in modules


def test_architecture_cli_help_runs_without_torch():
    modules = _modules_after(
        "from verifier.cli import cli\ntry:\n    cli.main(['--help'], standalone_mode=False)\n"
        "except SystemExit:\n    pass"
    )
    assert "torch" not in modules
