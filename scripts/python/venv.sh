#!/usr/bin/env bash
# A Python virtual environment with the pinned reference libraries (scikit-learn), for checking
# riskwatch's numbers against a reference implementation. Built with pip from PyPI, once, outside
# the repo, so a fresh clone (as in CI) reuses it; rebuilt when requirements.txt changes.
#
#   scripts/python/venv.sh          create or reuse the venv, print its python path on stdout
#
# Environment (defaults in brackets):
#   PYTHON [python3]   RISKWATCH_CACHE [~/.cache/riskwatch]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/requirements.txt"
# HOME can be missing in stripped-down CI environments; fall back to the passwd entry.
home_dir="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
cache_root="${RISKWATCH_CACHE:-$home_dir/.cache/riskwatch}"
venv="$cache_root/venv"
stamp="$venv/.requirements.sha256"
python="${PYTHON:-python3}"

log() { printf 'venv: %s\n' "$*" >&2; }

wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
mkdir -p "$cache_root"
# Two test runs may ask at once: one builds, the other waits and reuses.
exec 9>"$cache_root/venv.lock"
flock 9
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
  echo "$venv/bin/python"
  exit 0
fi
command -v "$python" >/dev/null 2>&1 || { log "ERROR: '$python' not found: install Python 3.10+"; exit 1; }
log "creating $venv with $(tr '\n' ' ' <"$requirements" | grep -oE '[a-z-]+==[0-9.]+' | tr '\n' ' ')"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: -r "$requirements" >&2
echo "$wanted" >"$stamp"
echo "$venv/bin/python"
