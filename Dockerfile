FROM python:3.11-slim

# A hosted app: the folder box opens only folders under /data (mount processed tables there; see README).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WIREWATCH_HOSTED=1 \
    WIREWATCH_DATA_ROOT=/data

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin wirewatch && mkdir -p /data

WORKDIR /app
# The exact versions the tests ran with (scripts/lock), in their own layer; then the project, without resolving again.
COPY requirements.lock ./
RUN pip install -r requirements.lock
COPY . .
RUN pip install --no-deps -e .

# The code stays owned by root (read-only for the app); the app runs unprivileged.
USER wirewatch
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health')"
CMD ["streamlit", "run", "dashboard/app.py", "--server.address=0.0.0.0", "--server.port=8501"]
