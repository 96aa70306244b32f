"""requirements.lock stays sorted (case-insensitive), so helpers adding lines by hand merge cleanly."""

from __future__ import annotations

from pathlib import Path

LOCK = Path(__file__).resolve().parents[2] / "requirements.lock"


def test_the_lock_file_is_sorted_and_pins_torch() -> None:
    pins = [line.strip() for line in LOCK.read_text(encoding="utf-8").splitlines()]
    names = [pin.split("==")[0] for pin in pins if pin and not pin.startswith("#")]
    assert names == sorted(names, key=str.lower)
    assert "torch==2.13.0" in pins
