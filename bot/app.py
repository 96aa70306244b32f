"""The Telegram side: build the PTB Application around the router, run it (polling or webhook), stop cleanly.

`run_bot(settings)` is what `eppermed-bot` calls when a token is set. It fails fast with one line
(a `BotError`) when the token is missing, malformed or refused, the index is unusable, or the Bot API
cannot be reached. `serve()` is the same lifecycle as an awaitable, so tests run the real Application.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import signal
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.batching import AnswerThread, MicroBatcher
from bot.commands import ADMIN_COMMANDS, bot_commands
from bot.delivery import RetryingRateLimiter
from bot.exceptions import (
    ApiUnreachable,
    BotConfigError,
    BotStartError,
    IndexUnavailable,
    StateError,
    TokenRefused,
    VoiceModelMissing,
)
from bot.handlers import Handlers
from bot.health import HealthServer
from bot.i18n import LANGUAGES
from bot.index_watch import IndexWatcher, ReloadResult, manifest_fingerprint
from bot.lanes import ChatLanes, lanes_for_updates
from bot.redaction import install_redaction
from bot.router import Router
from bot.services import conversation_store, open_answerer, open_knowledge
from bot.settings import BotSettings
from bot.storage import StateStore
from bot.voice import Transcriber, VoiceService, open_voice
from knowledge.answering import Answerer
from knowledge.embedding import Embedder
from knowledge.exceptions import KnowledgeError, KnowledgeInvalid
from knowledge.index_store import MANIFEST

_LOG = logging.getLogger(__name__)
BotApp = Application[Any, ContextTypes.DEFAULT_TYPE, Any, Any, Any, Any]

# A bot token is `<bot id>:<secret>`; @BotFather's secrets are 35 characters of A-Z a-z 0-9 _ -
# (e.g. 123456789:AAH...). A Bot API elsewhere (a test server, the emulator) may take shorter ones. The
# shape is checked here; getMe at start tells a refused token.
TELEGRAM_API = "https://api.telegram.org/"
TOKEN_SHAPE = re.compile(r"^[0-9]{1,20}:[A-Za-z0-9_-]{30,}$")
LOCAL_TOKEN_SHAPE = re.compile(r"^[0-9]{1,20}:[A-Za-z0-9_-]{1,}$")
ALLOWED_UPDATES = (Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY)
PURGE_EVERY_SECONDS = 24 * 3600
CONTEXT_PURGE_SECONDS = 60.0


def bot_token(settings: BotSettings) -> str:
    """The token, or BotConfigError in one line saying what is wrong and where to go instead."""
    if settings.telegram_bot_token is None:
        raise BotConfigError(
            "TELEGRAM_BOT_TOKEN is not set: get one from @BotFather, or run `eppermed-bot` without it "
            "to chat with the assistant in the terminal"
        )
    token = settings.telegram_bot_token.get_secret_value().strip()
    official = settings.telegram_base_url.startswith(TELEGRAM_API)
    if not (TOKEN_SHAPE if official else LOCAL_TOKEN_SHAPE).match(token):
        raise BotConfigError(
            "TELEGRAM_BOT_TOKEN is malformed: a bot token is the bot's numeric id, a colon and a secret "
            "of letters, digits, '_' and '-' (as @BotFather gives it, without 'bot' or quotes)"
        )
    return token


@dataclass
class BotRuntime:
    """What the running bot holds besides PTB: the router, the serving answerer, state and watchers."""

    settings: BotSettings
    router: Router
    answerer: Answerer
    store: StateStore
    mode: str = "polling"
    ready: bool = False
    batcher: MicroBatcher | None = None
    worker: AnswerThread = field(default_factory=AnswerThread)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)  # periodic work without a JobQueue
    loaded_manifest: str | None = None  # fingerprint of the manifest read before the index was opened
    voice: VoiceService | None = None  # None: voice messages get the "please type" reply
    watcher: IndexWatcher[Answerer] = field(init=False)

    def __post_init__(self) -> None:
        self.watcher = IndexWatcher(
            self.settings.index_dir, self._open, self.install, offload=self.worker.call
        )
        self.watcher.mark_loaded(self.loaded_manifest)

    def _open(self, _index_dir: object) -> Answerer:
        answerer = open_answerer(self.settings, embedder=self.answerer.searcher.embedder)
        answerer.warm(previous=self.answerer)  # unchanged examples are reused, not embedded again
        return answerer

    def install(self, answerer: Answerer) -> None:
        """Swap the serving index: one reference in the router, one here (for /healthz and /stats)."""
        self.router.set_answerer(answerer)
        self.answerer = answerer

    def index_facts(self) -> dict[str, Any]:
        manifest = self.answerer.searcher.index.manifest
        return {
            "model_id": manifest.model_id,
            "built_at": manifest.built_at.isoformat(),
            "chunks": len(self.answerer.searcher.chunks),
            "knowledge_hash": manifest.knowledge_hash[:12],
            "manifest": (self.watcher.current or "")[:12],
        }

    def gaps_html(self) -> str:
        """The /gaps reply: run on the answer thread, which owns the embedding model."""
        from bot.gaps_view import format_gaps
        from knowledge.gaps_report import gaps_report_from_state

        searcher = self.answerer.searcher
        report = gaps_report_from_state(
            self.settings.state_db,
            searcher.embedder,
            enabled=self.settings.keep_unanswered_questions,
            retention_days=self.settings.unanswered_retention_days,
            chunks=searcher.chunks,
        )
        return format_gaps(report)

    def health(self) -> Mapping[str, Any] | None:
        """Index facts while the bot is up and serving, None (503) while starting or stopping."""
        return {**self.index_facts(), "mode": self.mode} if self.ready else None


def open_runtime(
    settings: BotSettings, *, embedder: Embedder | None = None, transcriber: Transcriber | None = None
) -> BotRuntime:
    """Open the state database, the knowledge and the published index; IndexUnavailable when unusable."""
    try:
        knowledge = open_knowledge(settings)
    except KnowledgeInvalid as exc:
        raise BotConfigError(f"the knowledge in {settings.knowledge_dir} is invalid: {exc}") from exc
    try:
        voice = open_voice(settings, transcriber=transcriber)  # loads no model: the first voice message does
    except VoiceModelMissing as exc:
        raise BotConfigError(str(exc)) from exc
    fingerprint = manifest_fingerprint(settings.index_dir / MANIFEST)
    try:
        answerer = open_answerer(settings, embedder=embedder)
    except KnowledgeError as exc:
        raise IndexUnavailable(f"cannot serve the index at {settings.index_dir}: {exc}") from exc
    router = Router(
        answerer,
        knowledge,
        max_question_chars=settings.max_question_chars,
        conversations=conversation_store(settings),
    )
    store = StateStore(
        settings.state_db,
        keep_unanswered=settings.keep_unanswered_questions,
        retention_days=settings.unanswered_retention_days,
        feedback_retention_days=settings.feedback_retention_days,
        busy_timeout=settings.state_db_timeout_seconds,
    )
    mode = "webhook" if settings.webhook_url is not None else "polling"
    return BotRuntime(settings, router, answerer, store, mode=mode, loaded_manifest=fingerprint, voice=voice)


def build_application(
    runtime: BotRuntime,
    token: str,
    *,
    retry_backoff_seconds: float = 0.5,
    batching: bool = True,
    rate_limited: bool = True,
) -> BotApp:
    """The PTB Application: rate limiter with retries, concurrent updates, one handler per update kind.

    `rate_limited=False` takes the outgoing limiter out of the way, for benchmarks of the bot itself only.
    """
    settings = runtime.settings
    if batching:
        runtime.batcher = MicroBatcher(
            lambda texts, lang, where: runtime.router.replies(texts, language=lang, conversations=where),
            runtime.worker,
            inline=lambda queries, lang: [runtime.router.inline(q, language=lang) for q in queries],
        )
    handlers = Handlers(
        runtime.router,
        runtime.store,
        admin_user_ids=settings.admin_user_ids,
        worker=runtime.worker,
        ask=runtime.batcher.ask if runtime.batcher is not None else None,
        ask_inline=runtime.batcher.ask_inline if runtime.batcher is not None else None,
        reload=lambda: runtime.watcher.check(force=True),
        index_info=runtime.index_facts,
        gaps=lambda: runtime.worker.call(runtime.gaps_html),
        voice=runtime.voice,
    )
    # Updates wait in per-chat lanes, not in PTB's pool: one flooding chat cannot stall the others.
    lanes = ChatLanes(
        lanes_for_updates(
            chat_backlog=settings.chat_backlog, inline_debounce_seconds=settings.inline_debounce_seconds
        ),
        on_flood=handlers.on_flood,
    )
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .concurrent_updates(lanes)
    )
    application: BotApp
    if rate_limited:
        limiter = RetryingRateLimiter(
            max_retries=settings.rate_limit_retries,
            transient_retries=settings.rate_limit_retries,
            backoff_seconds=retry_backoff_seconds,
        )
        application = builder.rate_limiter(limiter).build()
    else:
        application = builder.build()
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, handlers.on_edited))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE, handlers.on_message))
    application.add_handler(CallbackQueryHandler(handlers.on_callback))
    application.add_handler(InlineQueryHandler(handlers.on_inline))
    application.add_error_handler(handlers.on_error)
    application.bot_data["runtime"] = runtime
    return application


async def register_commands(application: BotApp, admin_user_ids: frozenset[int]) -> None:
    """The public menu in each language the bot speaks; admins also see the admin commands in their chat."""
    bot = application.bot
    try:
        await bot.set_my_commands([BotCommand(n, d) for n, d in bot_commands("en")])
        for language in LANGUAGES:
            if language != "en":
                commands = [BotCommand(n, d) for n, d in bot_commands(language)]
                await bot.set_my_commands(commands, language_code=language)
    except TelegramError as exc:  # a menu is a convenience: the bot still works without it
        _LOG.warning("setMyCommands failed: %s", type(exc).__name__)
        return
    admin_menu = [BotCommand(n, d) for n, d in bot_commands("en")]
    admin_menu += [BotCommand(c.name, c.description) for c in ADMIN_COMMANDS]
    for admin_id in sorted(admin_user_ids):
        try:
            await bot.set_my_commands(admin_menu, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:  # "chat not found" until the admin has talked to the bot
            _LOG.warning("admin menu for one admin not set: %s", type(exc).__name__)


def _every(
    application: BotApp, seconds: float, action: Callable[[], Awaitable[object]], name: str
) -> asyncio.Task[None] | None:
    """Run `action` every `seconds` on PTB's JobQueue, or on a task (returned, to cancel) without one."""

    async def job(_context: ContextTypes.DEFAULT_TYPE) -> None:
        await action()

    if application.job_queue is not None:
        application.job_queue.run_repeating(job, interval=seconds, first=seconds, name=name)
        return None

    async def loop() -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await action()
            except Exception:  # a failed round is logged; the next one runs anyway
                _LOG.exception("%s failed", name)

    return asyncio.create_task(loop(), name=name)


async def _purge(runtime: BotRuntime) -> None:
    """Past their retention limits: kept questions and votes (with user ids). A busy database waits a day."""
    try:
        removed = await asyncio.to_thread(runtime.store.purge_unanswered)
        votes = await asyncio.to_thread(runtime.store.purge_feedback)
    except StateError as exc:
        _LOG.warning("retention purge skipped: %s", exc)
        return
    if removed:
        _LOG.info("purged %d unanswered questions past the retention limit", removed)
    if votes:
        _LOG.info("purged %d votes past the retention limit", votes)


async def _forget_quiet(runtime: BotRuntime) -> None:
    """Conversations past their quiet period leave memory now, not only when next touched."""
    runtime.router.conversations.purge()


async def _watch(runtime: BotRuntime) -> ReloadResult:
    return await runtime.watcher.check()


async def _initialize(application: BotApp, base_url: str) -> None:
    try:
        await application.initialize()
    except InvalidToken as exc:
        raise TokenRefused(
            f"the Bot API at {_host(base_url)} refused TELEGRAM_BOT_TOKEN (401 Unauthorized): "
            "copy the token again from @BotFather"
        ) from exc
    except NetworkError as exc:
        raise ApiUnreachable(
            f"cannot reach the Bot API at {_host(base_url)} ({type(exc).__name__}): check the network "
            "and TELEGRAM_BASE_URL"
        ) from exc


def _host(base_url: str) -> str:
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "TELEGRAM_BASE_URL"


async def _start_updates(application: BotApp, settings: BotSettings, *, poll_timeout: int) -> None:
    updater = application.updater
    if updater is None:
        raise BotStartError("the Application was built without an Updater")
    if settings.webhook_url is None:
        await updater.start_polling(allowed_updates=list(ALLOWED_UPDATES), timeout=poll_timeout)
        return
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    if secret is None:
        secret = secrets.token_urlsafe(32)
        _LOG.warning("WEBHOOK_SECRET is not set: using a random secret for this run")
    url = str(settings.webhook_url)
    await updater.start_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=urlsplit(url).path.lstrip("/"),
        webhook_url=url,
        secret_token=secret,
        allowed_updates=list(ALLOWED_UPDATES),
    )


async def serve(
    application: BotApp,
    runtime: BotRuntime,
    stop: asyncio.Event,
    *,
    health: HealthServer | None = None,
    poll_timeout: int = 30,
) -> None:
    """Start everything, serve until `stop` is set, then stop everything that was started."""
    settings = runtime.settings
    if health is not None:
        try:
            await health.start()
        except OSError as exc:
            raise BotStartError(f"cannot open the health endpoint on port {health.port}: {exc}") from exc
    started: list[str] = []
    try:
        await _initialize(application, settings.telegram_base_url)
        started.append("initialized")
        runtime.router.bot_username = application.bot.username
        await register_commands(application, settings.admin_user_ids)
        if runtime.batcher is not None:
            await runtime.batcher.start()
        for task in (
            _every(application, settings.index_poll_seconds, lambda: _watch(runtime), "index-watch"),
            _every(application, PURGE_EVERY_SECONDS, lambda: _purge(runtime), "purge-retention"),
            _every(application, CONTEXT_PURGE_SECONDS, lambda: _forget_quiet(runtime), "forget-quiet-chats"),
        ):
            if task is not None:
                runtime.tasks.append(task)
        await _purge(runtime)
        await asyncio.to_thread(runtime.answerer.warm)  # before the first update, not during it
        await application.start()
        started.append("started")
        await _start_updates(application, settings, poll_timeout=poll_timeout)
        runtime.ready = True
        _LOG.info("@%s is serving (%s)", application.bot.username, runtime.mode)
        await stop.wait()
    finally:
        runtime.ready = False
        await _teardown(application, runtime, started)
        if health is not None:
            await health.stop()


async def _teardown(application: BotApp, runtime: BotRuntime, started: list[str]) -> None:
    with contextlib.suppress(Exception):
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
    if "started" in started and application.running:
        await application.stop()
    processor = application.update_processor
    if isinstance(processor, ChatLanes):  # before the batcher stops: what still runs may need it
        await processor.stop()
    for task in runtime.tasks:
        task.cancel()
    runtime.tasks.clear()
    if runtime.batcher is not None:
        await runtime.batcher.stop()
    if "initialized" in started:
        await application.shutdown()


OWN_LOGGERS = ("bot", "knowledge", "index_builder")


def configure_logging(level: str, *secrets_: str) -> Callable[[], None]:
    """Plain timestamped lines on stderr; every secret redacted, httpx quiet (it logs URLs with the token).

    LOG_LEVEL applies to the project's own loggers; third-party ones (apscheduler logs INFO every few
    seconds) stay at WARNING unless LOG_LEVEL is stricter.
    """
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    numeric = logging.getLevelNamesMapping()[level]
    logging.getLogger().setLevel(max(numeric, logging.WARNING))
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(numeric)
    return install_redaction(*secrets_)


def health_server(runtime: BotRuntime) -> HealthServer | None:
    """The /healthz server on HEALTH_LISTEN:HEALTH_PORT, or None when HEALTH_PORT is 0."""
    settings = runtime.settings
    if not settings.health_port:
        return None
    return HealthServer(runtime.health, host=settings.health_listen, port=settings.health_port)


def run_bot(settings: BotSettings) -> None:
    """Run the bot until SIGINT/SIGTERM; raises a BotError with one line when it cannot start."""
    token = bot_token(settings)
    webhook_secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    uninstall = configure_logging(settings.log_level, token, webhook_secret)
    try:
        runtime = open_runtime(settings)
        application = build_application(runtime, token)
        health = health_server(runtime)
        try:
            asyncio.run(_run_until_signal(application, runtime, health))
        finally:
            runtime.worker.close()
            if runtime.voice is not None:
                runtime.voice.close()
            runtime.store.close()
    finally:
        uninstall()


async def _run_until_signal(application: BotApp, runtime: BotRuntime, health: HealthServer | None) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread
            loop.add_signal_handler(sig, stop.set)
    await serve(application, runtime, stop, health=health)
