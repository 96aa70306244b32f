"""The token never reaches a log line: messages, arguments and tracebacks are redacted as records are made."""

from __future__ import annotations

import logging

import pytest

from bot.redaction import REDACTED, install_redaction, redact

TOKEN = "7312345678:AAE1x9yq4bWcZ_TvR-3pLk8sDf0GhJ2mNoQ"


def test_redact_replaces_every_occurrence() -> None:
    assert redact(f"a {TOKEN} b {TOKEN}", (TOKEN, "")) == f"a {REDACTED} b {REDACTED}"


def test_records_are_redacted_for_every_handler(caplog: pytest.LogCaptureFixture) -> None:
    uninstall = install_redaction(TOKEN)
    caplog.set_level(logging.DEBUG)
    log = logging.getLogger("any.library")
    try:
        log.info("POST https://api.telegram.org/bot%s/getUpdates", TOKEN)
        log.warning(f"inline {TOKEN}")
        try:
            raise RuntimeError(f"connect to /bot{TOKEN}/sendMessage failed")
        except RuntimeError:
            log.exception("request failed")
    finally:
        uninstall()
    assert TOKEN not in caplog.text
    assert f"bot{REDACTED}/getUpdates" in caplog.text
    assert f"/bot{REDACTED}/sendMessage failed" in caplog.text  # the traceback too
    log.info("after %s", TOKEN)  # uninstalled: records are left alone again
    assert TOKEN in caplog.records[-1].getMessage()


def test_payload_loggers_are_capped() -> None:
    uninstall = install_redaction(TOKEN)
    try:
        assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
        assert logging.getLogger("telegram.ext.ExtBot").getEffectiveLevel() == logging.INFO
    finally:
        uninstall()
        logging.getLogger("telegram").setLevel(logging.NOTSET)


def test_a_malformed_log_call_does_not_raise() -> None:
    uninstall = install_redaction(TOKEN)
    try:
        record = logging.getLogger("x").makeRecord("x", logging.INFO, "f", 1, "%s %s", ("one",), None)
        assert record.msg == "%s %s"
    finally:
        uninstall()
