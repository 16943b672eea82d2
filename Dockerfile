FROM python:3.12-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY api api
COPY graph graph
COPY talent talent
COPY matching matching
RUN pip install --no-cache-dir . && useradd --create-home talent
USER talent
EXPOSE 8000
CMD ["uvicorn", "--factory", "api.app:create_app", "--host", "0.0.0.0", "--port", "8000", "--no-proxy-headers"]
