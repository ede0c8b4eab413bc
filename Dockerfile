# The innolink API + web UI. Used by docker-compose.yml with Neo4j; the embedded store needs no other service.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY graph ./graph
COPY loaders ./loaders
COPY matcher ./matcher
COPY api ./api
COPY data ./data
RUN pip install --no-cache-dir -c constraints.txt . \
 && useradd --create-home innolink && mkdir -p /app/var && chown innolink /app/var
USER innolink
EXPOSE 8000
CMD ["innolink", "serve", "--host", "0.0.0.0", "--port", "8000"]
