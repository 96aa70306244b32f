"""Is a transcript a question worth answering? Whisper, given noise or silence, may repeat made-up text.

A transcript is refused ("I could not understand that") when it is empty once non-speech tags such as
`[BLANK_AUDIO]` or `(music)` are removed, longer than the cap, or made of one phrase said over and over.
"""

from __future__ import annotations

import re

_NON_SPEECH = re.compile(r"\[[^\]]*\]|\([^)]*\)|\*[^*]*\*|♪+")
_WORD = re.compile(r"[\w'’-]+")
MIN_LETTERS = 3
# How often a phrase may follow itself before it counts as Whisper's loop: "very very very" and a
# question said twice are speech; "the the the the" and a phrase said three times running are not.
MAX_RUN_ONE_WORD = 3
MAX_RUN = 2
LONGEST_PHRASE = 8
MIN_DISTINCT_SHARE = 0.5  # of the word trigrams, once there are at least a dozen words


def understood(transcript: str, *, max_chars: int) -> str | None:
    """The transcript tidied (non-speech tags removed, white space collapsed), or None when it is not
    speech to answer: empty, over `max_chars`, or repetitive."""
    text = " ".join(_NON_SPEECH.sub(" ", transcript).split())
    if sum(c.isalpha() for c in text) < MIN_LETTERS or len(text) > max_chars:
        return None
    words = [w.casefold() for w in _WORD.findall(text)]
    return None if repetitive(words) else text


def repetitive(words: list[str]) -> bool:
    """True when a phrase of 1 to 8 words follows itself more often than speech does, or when few of the
    word trigrams are distinct."""
    for size in range(1, LONGEST_PHRASE + 1):
        allowed = MAX_RUN_ONE_WORD if size == 1 else MAX_RUN
        for start in range(len(words) - size):
            phrase = words[start : start + size]
            runs = 1
            position = start + size
            while words[position : position + size] == phrase:
                runs += 1
                position += size
            if runs > allowed:
                return True
    trigrams = [tuple(words[i : i + 3]) for i in range(len(words) - 2)]
    return len(words) >= 12 and len(set(trigrams)) < MIN_DISTINCT_SHARE * len(trigrams)
