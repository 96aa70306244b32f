"""The EP PerMed Telegram bot: settings, routing, reply rendering, handlers, terminal chat, entry point."""
