"""The README is assembled from docs/readme/; it must be current and name the two commands."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_is_assembled_from_its_sections(tmp_path: Path) -> None:
    before = (ROOT / "README.md").read_text(encoding="utf-8")
    script = (ROOT / "scripts" / "assemble_readme.sh").read_text(encoding="utf-8")
    copy = tmp_path / "repo"
    (copy / "scripts").mkdir(parents=True)
    (copy / "scripts" / "assemble_readme.sh").write_text(script, encoding="utf-8")
    (copy / "docs").symlink_to(ROOT / "docs")
    subprocess.run(["bash", str(copy / "scripts" / "assemble_readme.sh")], check=True)
    assert (copy / "README.md").read_text(encoding="utf-8") == before, "run scripts/assemble_readme.sh"


def test_readme_names_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in text
    assert "make test" in text
