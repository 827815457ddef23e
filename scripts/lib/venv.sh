# Sourced by the check and benchmark scripts. `ensure_venv DIR REQUIREMENTS` makes DIR a Python venv with the pinned
# REQUIREMENTS installed, reusing it while the requirements file is unchanged (its SHA-256 is kept in the venv).
ensure_venv() {
    local venv="$1" requirements="$2"
    local stamp="$venv/.requirements.sha256" wanted
    wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
    if [[ ! -x "$venv/bin/python" || ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
        rm -rf "$venv"
        python3 -m venv "$venv"
        "$venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$requirements"
        echo "$wanted" > "$stamp"
    fi
}
