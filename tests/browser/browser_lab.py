"""A throw-away JupyterLab server for the browser suite.

Lab serves a temporary COPY of the notebooks directory (so it can never write into the real
notebooks), with fresh config/data/runtime/settings/workspace directories, autosave off, a random
token, on 127.0.0.1 and a free port. It runs in its own process group and is stopped by
`POST /api/shutdown`, then by signals to that process group if it does not exit.
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

# Lab user settings written before start: <plugin package>/<plugin>.jupyterlab-settings
LAB_SETTINGS = {
    # never write outputs back into the served files
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # every cell in the DOM, not only the ones on screen (the suite reads all prompts and outputs)
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    # no "Would you like to get notified about official Jupyter news?" toast over the page
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


REPO = Path(__file__).resolve().parents[2]


def notebooks_dir() -> Path:
    """The notebooks under test: $COURSE2_BROWSER_NOTEBOOKS, else <repo>/notebooks."""
    return Path(os.environ.get("COURSE2_BROWSER_NOTEBOOKS") or REPO / "notebooks").resolve()


def using_real_notebooks() -> bool:
    return notebooks_dir() == (REPO / "notebooks").resolve()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """One JupyterLab process serving a temporary copy of `notebooks_dir`."""

    def __init__(self, notebooks_dir: Path):
        self.notebooks_dir = Path(notebooks_dir).resolve()
        self.workdir = Path(tempfile.mkdtemp(prefix="course2-browser-lab-"))
        self.root = self.workdir / "root"
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.workdir / "lab.log"
        self.process: subprocess.Popen | None = None

    # -- start ----------------------------------------------------------------------------------
    def _prepare(self) -> dict[str, str]:
        shutil.copytree(self.notebooks_dir, self.root,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        dirs = {name: self.workdir / name
                for name in ("config", "data", "runtime", "settings", "workspaces", "ipython")}
        for path in dirs.values():
            path.mkdir()
        for plugin, values in LAB_SETTINGS.items():
            target = dirs["settings"] / f"{plugin}.jupyterlab-settings"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values))
        env = dict(os.environ)
        # User-level Jupyter/IPython state is replaced by empty directories; the venv's own
        # share/jupyter (kernel spec, widget extension) stays on the search path via sys.prefix.
        env.update(JUPYTER_CONFIG_DIR=str(dirs["config"]), JUPYTER_DATA_DIR=str(dirs["data"]),
                   JUPYTER_RUNTIME_DIR=str(dirs["runtime"]), IPYTHONDIR=str(dirs["ipython"]))
        for var in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "MPLBACKEND", "JUPYTERLAB_SETTINGS_DIR",
                    "JUPYTERLAB_WORKSPACES_DIR"):
            env.pop(var, None)
        self._args = [
            sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
            "--ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
            f"--LabApp.user_settings_dir={dirs['settings']}",
            f"--LabApp.workspaces_dir={dirs['workspaces']}",
            "--ServerApp.terminals_enabled=False",
        ]
        return env

    def start(self, timeout: float = 90.0) -> None:
        env = self._prepare()
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(self._args, env=env, cwd=self.workdir, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        atexit.register(self.stop)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.process.returncode}:\n{self.log_tail()}")
            try:
                if self.api("GET", "/api/status", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    # -- use ------------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}"

    def api(self, method: str, path: str, timeout: float = 10.0):
        request = urllib.request.Request(self.base_url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        if method in ("POST", "PUT", "PATCH"):
            request.data = b""
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read()
                return response.status, (json.loads(body) if body.strip() else None)
        except urllib.error.HTTPError as err:
            return err.code, None

    def shutdown_kernels(self) -> None:
        """End every session's kernel (keeps the 2 cores free for the next notebook)."""
        status, sessions = self.api("GET", "/api/sessions")
        for session in sessions or []:
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    # -- stop -----------------------------------------------------------------------------------
    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            try:
                self.api("POST", "/api/shutdown", timeout=5)
            except OSError:
                pass
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._signal_group(process, signal.SIGTERM)
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._signal_group(process, signal.SIGKILL)
                    process.wait(timeout=5)
        shutil.rmtree(self.workdir, ignore_errors=True)

    @staticmethod
    def _signal_group(process: subprocess.Popen, sig: int) -> None:
        try:
            os.killpg(process.pid, sig)  # its own group: start_new_session=True
        except ProcessLookupError:
            pass
