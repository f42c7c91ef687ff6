#!/usr/bin/env bash
# Conformance of the TCR emulator with Tencent's official Python SDK.
#
# Creates a virtualenv under the cargo target directory (not committed) with the SDK pinned in
# requirements.txt, builds the emulator binary, and runs python_sdk.py against it. The last line
# printed is `N passed, M failed`; the exit status is non-zero on any failure.
#
# Needs python3 (with venv) and access to PyPI the first time (the venv is reused while
# requirements.txt is unchanged). PYTHON overrides the interpreter used to create the venv.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."

python="${PYTHON:-python3}"
target_dir="$(cargo metadata --format-version 1 --no-deps \
    | "$python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
venv="$target_dir/conformance/python-sdk-venv"
stamp="$venv/requirements.txt"

if [ ! -x "$venv/bin/python" ] || ! cmp -s "$here/requirements.txt" "$stamp"; then
    echo "creating $venv"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
        -r "$here/requirements.txt"
    "$venv/bin/python" -m pip check --disable-pip-version-check
    cp "$here/requirements.txt" "$stamp"
fi

cargo build --quiet -p tcr-emulator --bin tcr-emulator
exec "$venv/bin/python" "$here/python_sdk.py" "$target_dir/debug/tcr-emulator"
