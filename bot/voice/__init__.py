"""Voice questions (extra `voice`): a spoken question is transcribed on this machine and answered as text.

`VoiceService` checks the limits, downloads the file, transcribes it in its own worker thread (a bounded
queue, so text answers never wait behind audio) and hands back the transcript or a polite refusal.
"""

from bot.voice.guard import understood
from bot.voice.model import DOMAIN_PROMPT, model_folder, voice_installed
from bot.voice.service import Attachment, Heard, VoiceService, attachment_of, open_voice
from bot.voice.transcriber import FakeTranscriber, Transcriber, Transcript, WhisperTranscriber

__all__ = [
    "DOMAIN_PROMPT",
    "Attachment",
    "FakeTranscriber",
    "Heard",
    "Transcriber",
    "Transcript",
    "VoiceService",
    "WhisperTranscriber",
    "attachment_of",
    "model_folder",
    "open_voice",
    "understood",
    "voice_installed",
]
