# The bot in a container: docs/deployment.md ("In a container"). Build: docker build -t hh-telegram-bridge .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY storage ./storage
# The same install as the README's and CI's (.ci/run), without the test extra
RUN python -m pip install --quiet --upgrade pip && pip install .

# A user of its own, never root; /data, where the database and its key file live, is that user's alone
RUN groupadd --system --gid 10001 hhbridge \
    && useradd --system --uid 10001 --gid hhbridge --home-dir /data --no-create-home \
        --shell /usr/sbin/nologin hhbridge \
    && mkdir -m 0700 /data \
    && chown hhbridge:hhbridge /data
VOLUME /data

# Every interface of the container: a proxy or Docker's port mapping connects from outside it
ENV HOST=0.0.0.0 \
    PORT=8080 \
    DATABASE_PATH=/data/bot.sqlite3
EXPOSE 8080

USER 10001:10001
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["python", "-m", "bot.healthcheck"]
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot"]
