# relmap API: docker compose up (see docker-compose.yml), or alone with NEO4J_URI set.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --system --create-home --uid 10001 --shell /usr/sbin/nologin relmap

WORKDIR /srv/relmap
COPY pyproject.toml README.md ./
COPY app ./app
COPY cypher ./cypher
# Editable: the query registry reads cypher/ next to the app package (app/db/queries.py), so the
# package stays here rather than being copied into site-packages without its Cypher files.
RUN pip install -e . && python -c "from app.db.queries import QueryRegistry; QueryRegistry.load()"

USER relmap
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["uvicorn", "app.main:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]
