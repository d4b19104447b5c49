# relmap API: docker compose up (see docker-compose.yml), or alone with NEO4J_URI set.

# Swagger UI's and ReDoc's files for /docs and /redoc, and the map's drawing library (served
# by relmap: no CDN), at the versions of web/package-lock.json
FROM node:20-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

FROM python:3.11-slim

# Python's own allocator (pymalloc): large exports run in a child process whose memory all goes
# back when it ends (app/imports/export_process.py), so the API process can keep it
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --system --create-home --uid 10001 --shell /usr/sbin/nologin relmap

WORKDIR /srv/relmap
# The runtime dependencies alone (no dev extras), at the versions of the lock, in a layer of
# their own that is reused while pyproject.toml and the lock are unchanged.
COPY requirements.lock pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))\
['project']['dependencies']))" > runtime.txt \
    && pip install -c requirements.lock -r runtime.txt
# relmap itself, installed (not editable): setup.py ships cypher/ inside the package as
# app/cypher, where the query registry finds it (app/db/queries.py). The build fails unless the
# installed app imports and builds (make check-install does the same outside Docker).
COPY setup.py README.md ./src/
COPY app ./src/app
COPY cypher ./src/cypher
RUN cp pyproject.toml ./src/ && pip install -c requirements.lock ./src && rm -rf ./src \
    && cd / && python -c "from app.main import create_app; from app.db.queries import \
QueryRegistry; print(len(QueryRegistry.load()), 'statements'); create_app()"
# The four files /docs and /redoc load (app/apidocs/assets.py), where RELMAP_WEB_DIR says
ENV RELMAP_WEB_DIR=/srv/relmap/web
COPY --from=web /web/node_modules/swagger-ui-dist/swagger-ui-bundle.js \
    /web/node_modules/swagger-ui-dist/swagger-ui.css \
    /web/node_modules/swagger-ui-dist/favicon-32x32.png \
    ./web/node_modules/swagger-ui-dist/
COPY --from=web /web/node_modules/redoc/bundles/redoc.standalone.js \
    ./web/node_modules/redoc/bundles/
# The map at /app: its own files, and the drawing library's module (app/webapp/files.py)
COPY web/app ./web/app
COPY --from=web /web/node_modules/cytoscape/dist/cytoscape.esm.min.mjs \
    ./web/node_modules/cytoscape/dist/
RUN python -c "from app.apidocs.assets import FILES, DocAssets; from app.config import \
Settings; missing = DocAssets(Settings().relmap_web_dir).missing(tuple(FILES)); \
assert not missing, missing"

USER relmap
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["uvicorn", "app.main:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]
