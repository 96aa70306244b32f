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
        assert logging.getLogger("telegram.ext.ExtBot").getEffectiveLevel() == logging.WARNING
        assert logging.getLogger("apscheduler.scheduler").getEffectiveLevel() == logging.WARNING
    finally:
        uninstall()
        for name in ("telegram", "apscheduler"):
            logging.getLogger(name).setLevel(logging.NOTSET)


@pytest.mark.parametrize("level", ["DEBUG", "INFO", "ERROR"])
def test_log_level_is_for_the_project_and_third_parties_stay_at_warning(level: str) -> None:
    from bot.app import OWN_LOGGERS, configure_logging

    root = logging.getLogger()
    saved = root.level
    uninstall = configure_logging(level, TOKEN)
    try:
        wanted = logging.getLevelNamesMapping()[level]
        assert logging.getLogger("bot.app").getEffectiveLevel() == wanted
        assert logging.getLogger("knowledge.search").getEffectiveLevel() == wanted
        assert not logging.getLogger("apscheduler.scheduler").isEnabledFor(logging.INFO)
        assert not logging.getLogger("some.library").isEnabledFor(logging.INFO)
        assert logging.getLogger("some.library").isEnabledFor(logging.ERROR)
    finally:
        uninstall()
        root.setLevel(saved)
        for name in (*OWN_LOGGERS, "telegram", "apscheduler", "httpx", "httpcore"):
            logging.getLogger(name).setLevel(logging.NOTSET)


def test_a_malformed_log_call_is_redacted_too(capsys: pytest.CaptureFixture[str]) -> None:
    uninstall = install_redaction(TOKEN)
    log = logging.getLogger("malformed")
    handler = logging.StreamHandler()  # stderr, where logging also reports a call it cannot format
    log.addHandler(handler)
    try:
        record = log.makeRecord("x", logging.INFO, "f", 1, "%s %s", (TOKEN,), None)
        log.warning("token %s and %d", TOKEN)  # noqa: PLE1206 - one argument short, on purpose
        log.warning("%d", f"bot{TOKEN}")  # the wrong type
    finally:
        log.removeHandler(handler)
        uninstall()
    assert TOKEN not in record.getMessage()
    assert record.getMessage().startswith("malformed log call: %s %s")
    err = capsys.readouterr().err
    assert "malformed log call" in err
    assert TOKEN not in err


def test_a_malformed_log_call_without_a_secret_is_marked_and_keeps_its_arguments() -> None:
    uninstall = install_redaction(TOKEN)
    try:
        record = logging.getLogger("malformed").makeRecord(
            "x", logging.INFO, "f", 1, "%s and %s", ("one",), None
        )
    finally:
        uninstall()
    assert record.getMessage() == "malformed log call: %s and %s with arguments ('one',)"
