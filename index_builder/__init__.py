"""The maintainers' tool: validate the knowledge, chunk, embed and publish an index, and evaluate it.

Imports `knowledge`, never `bot`; it never talks to Telegram.
"""
