# syntax=docker/dockerfile:1
# Kyoso production image: one image for the API (`kyoso serve`) and the job workers
# (`kyoso worker`). Build:  docker build -t kyoso .
# Bake an embedding model in (closed networks):
#   docker build --build-arg KYOSO_BAKE_MODEL=intfloat/multilingual-e5-small -t kyoso .
# or mount one at run time and point KYOSO_EMBED_MODEL at it (see docs/deployment.md).

# ---- 1. the SPA ---------------------------------------------------------------------------
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# ---- 2. Python: CPU torch first, then Kyoso ------------------------------------------------
FROM python:3.11-slim-bookworm AS python
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 VIRTUAL_ENV=/opt/venv
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# The CPU wheel from PyTorch's own index: sentence-transformers must not pull a CUDA build.
# (For GPU workers build with --build-arg TORCH_INDEX=https://download.pytorch.org/whl/cu128.)
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
RUN pip install torch==2.13.0 --index-url ${TORCH_INDEX}
WORKDIR /app
COPY pyproject.toml README.md requirements.lock ./
COPY backend/ backend/
COPY ml/ ml/
RUN pip install -c requirements.lock -e . "redis>=5"
ARG KYOSO_BAKE_MODEL=""
RUN mkdir -p /models && if [ -n "$KYOSO_BAKE_MODEL" ]; then \
      python -c "import sys; from sentence_transformers import SentenceTransformer as S; \
S(sys.argv[1]).save('/models/embed')" "$KYOSO_BAKE_MODEL"; fi

# ---- 3. runtime ------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime
# the Japanese font every export embeds (backend/exports/fonts.py): exports are built by
# whichever process runs jobs, the API on SQLite or `kyoso worker` on PostgreSQL
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /var/lib/kyoso kyoso \
 && mkdir -p /var/lib/kyoso/media && chown -R kyoso /var/lib/kyoso
COPY --from=python /opt/venv /opt/venv
COPY --from=python /models /models
WORKDIR /app
COPY pyproject.toml README.md requirements.lock ./
COPY backend/ backend/
COPY ml/ ml/
COPY seed_data/ seed_data/
COPY --from=frontend /src/frontend/dist frontend/dist
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    KYOSO_DATA_DIR=/var/lib/kyoso \
    KYOSO_HOST=0.0.0.0 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1
USER kyoso
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/health', timeout=2)"
CMD ["kyoso", "serve", "--workers", "4"]
