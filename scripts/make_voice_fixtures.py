"""Synthesise the spoken questions under tests/data/voice/ offline: espeak-ng speaks, PyAV encodes.

The committed files are what CI uses (it needs neither espeak-ng nor this script); rerun this to remake
them: `apt-get install espeak-ng` once, then `.venv/bin/python scripts/make_voice_fixtures.py`.
Each question becomes an OGG/Opus voice message (as Telegram sends them); the first one is also written
as an MP3 audio file and as an MP4 round video note, so every container the bot accepts is exercised.
The questions were written from knowledge/sources before any transcription was tried; `gold` holds
phrases of the passage that answers each (the format of ../shared/eval/README.md).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "voice"
VOICE = "en-us"
WORDS_PER_MINUTE = 150
BIT_RATE = 32_000
QUESTIONS: list[tuple[str, str, list[str]]] = [
    ("launch", "When will EP PerMed be launched?", ["launched by the end of 2023"]),
    ("infoday", "When did the information day take place?", ["May 31, 2021"]),
    ("workshop", "Where was the ICPerMed workshop held in January 2023?", ["Pamplona"]),
    ("vision", "What is the vision of the partnership?", ["Improve health outcomes"]),
    ("industry", "Which InfoSheet is about industry involvement?", ["InfoSheet 6"]),
    ("proposal", "Who published the draft proposal?", ["published by the European Commission"]),
    ("aim", "What does EP PerMed aim to align?", ["priority setting and funding"]),
    ("concept", "How many organisations approved the draft concept paper?", ["over 50 organisations"]),
    ("contact", "Whom can I contact about EP PerMed?", ["eppermed@dlr.de"]),
    (
        "agenda",
        "When was the strategic research and innovation agenda published?",
        ["April 2023: Publication of the Strategic Research"],
    ),
]


def speak(text: str, folder: Path) -> Path:
    """espeak-ng's WAV of `text` (22,050 Hz mono)."""
    wav = folder / "speech.wav"
    subprocess.run(["espeak-ng", "-v", VOICE, "-s", str(WORDS_PER_MINUTE), "-w", str(wav), text], check=True)
    return wav


def samples(wav: Path, rate: int) -> np.ndarray:
    """The WAV as mono 16-bit samples at `rate` Hz, resampled by PyAV."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
    chunks = []
    with av.open(str(wav)) as container:
        for frame in container.decode(audio=0):
            chunks.extend(f.to_ndarray() for f in resampler.resample(frame))
    chunks.extend(f.to_ndarray() for f in resampler.resample(None))
    return np.concatenate(chunks, axis=1)


def encode(pcm: np.ndarray, rate: int, path: Path, codec: str, *, video: bool = False) -> None:
    """Write mono PCM as `codec` into the container `path`'s suffix names; with a small round video."""
    with av.open(str(path), "w") as container:
        audio = container.add_stream(codec, rate=rate)
        audio.layout = "mono"  # type: ignore[union-attr]
        audio.bit_rate = BIT_RATE  # about what Telegram's voice messages carry
        picture = None
        if video:
            picture = container.add_stream("mpeg4", rate=10)
            picture.width = picture.height = 96  # type: ignore[union-attr]
            picture.pix_fmt = "yuv420p"  # type: ignore[union-attr]
            seconds = pcm.shape[1] / rate
            for i in range(int(seconds * 10) + 1):
                image = np.full((96, 96, 3), 40 + (i * 7) % 150, dtype=np.uint8)
                frame = av.VideoFrame.from_ndarray(image, format="rgb24")
                frame.pts = i
                frame.time_base = Fraction(1, 10)
                container.mux(picture.encode(frame))  # type: ignore[union-attr]
        frame_size = audio.codec_context.frame_size or 960  # type: ignore[union-attr]
        for start in range(0, pcm.shape[1], frame_size):
            piece = np.ascontiguousarray(pcm[:, start : start + frame_size])
            frame = av.AudioFrame.from_ndarray(piece, format="s16", layout="mono")
            frame.sample_rate = rate
            frame.pts = start
            frame.time_base = Fraction(1, rate)
            container.mux(audio.encode(frame))  # type: ignore[union-attr]
        container.mux(audio.encode(None))  # type: ignore[union-attr]
        if picture is not None:
            container.mux(picture.encode(None))  # type: ignore[union-attr]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if shutil.which("espeak-ng") is None:
        print("make_voice_fixtures: espeak-ng is not installed (apt-get install espeak-ng)", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        for position, (name, question, gold) in enumerate(QUESTIONS):
            wav = speak(question, Path(tmp))
            pcm = samples(wav, 48_000)
            seconds = round(pcm.shape[1] / 48_000, 2)
            encode(pcm, 48_000, args.out / f"{name}.ogg", "libopus")
            entry = {"seconds": seconds, "q": question, "gold": gold}
            lines.append({"file": f"{name}.ogg", "kind": "voice", **entry})
            if position == 0:
                pcm = samples(wav, 44_100)
                encode(pcm, 44_100, args.out / f"{name}.mp3", "libmp3lame")
                lines.append({"file": f"{name}.mp3", "kind": "audio", **entry})
                encode(pcm, 44_100, args.out / f"{name}.mp4", "aac", video=True)
                lines.append({"file": f"{name}.mp4", "kind": "video_note", **entry})
    (args.out / "questions.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    print(f"wrote {len(lines)} files to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
