"""Offline switches for the model libraries: nothing is downloaded at run time."""

import os

_SWITCHES = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def go_offline() -> None:
    """Set the hub libraries' offline switches (before they are imported); keeps user overrides."""
    for key, value in _SWITCHES.items():
        os.environ.setdefault(key, value)
