"""`talent serve` as an operator runs it takes the client's address from the connection, not from
an X-Forwarded-For header the client wrote (uvicorn would trust it from 127.0.0.1)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil

from tests.api.test_serve import _servers_in
from tests.conftest import ROOT, _free_port


def test_serve_does_not_let_a_forwarded_for_header_escape_the_login_limit(
    tmp_path: Path,
) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENT_")}
    env["TALENT_DATA_DIR"] = str(tmp_path)
    env["TALENT_RATE_LIMIT_LOGIN"] = "2/minute"
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115
    serve = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        wrong = {"email": "someone@example.org", "password": "not the password"}
        codes = [
            httpx.post(
                f"{url}/api/v1/auth/login",
                json=wrong,
                headers={"x-forwarded-for": f"198.51.100.{i}"},
            ).status_code
            for i in range(3)
        ]
        assert codes == [401, 401, 429]
    finally:
        children = psutil.Process(serve.pid).children(recursive=True)
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            serve.kill()
        psutil.wait_procs(children, timeout=30)
        for process in _servers_in(tmp_path):
            process.kill()
        log.close()
