#!/usr/bin/env bash
# Tencent's command-line tool (tccli) against the TCR emulator: a scripted session a user would
# type, each step's JSON output checked.
#
# Creates a virtualenv under the cargo target directory (not committed) with tccli pinned in
# requirements.txt, builds the emulator binary, starts it on a free port (`--seed 1 --quiet`),
# and runs `tccli tcr <Action> --region ap-guangzhou --endpoint http://127.0.0.1:PORT ...` with
# the emulator's default credentials in TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY, HOME
# set to a temporary folder (tccli writes ~/.tccli/) and NO_PROXY=127.0.0.1. The session:
# create a namespace, a repository in it and a service account allowed to push there, rotate
# the account's password (random, then chosen), one refused rotation, list the three, delete
# them and list again to see them gone. One line per step; the last line is
# `N passed, M failed`; the exit status is non-zero on any failure. The emulator is stopped
# whatever happens.
#
# TCCLI_SCENARIO_EXAMPLES=1 starts the emulator with `--unimplemented example` and relaxes the
# content checks of the namespace and repository listings (whose documented example answers
# name other resources) to their shape: a way to check the command lines and the parsing for
# actions that have no behaviour yet. Off by default. TCCLI_SCENARIO_VERBOSE=1 prints each
# command line (they are always printed for a failed step).
#
# Needs python3 (with venv) and access to PyPI the first time (the venv is reused while
# requirements.txt is unchanged). PYTHON overrides the interpreter used to create the venv.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."

python="${PYTHON:-python3}"
target_dir="$(cargo metadata --format-version 1 --no-deps \
    | "$python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
venv="$target_dir/tccli/venv"
stamp="$venv/requirements.txt"

if [ ! -x "$venv/bin/tccli" ] || ! cmp -s "$here/requirements.txt" "$stamp"; then
    echo "creating $venv"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
        -r "$here/requirements.txt"
    "$venv/bin/python" -m pip check --disable-pip-version-check
    cp "$here/requirements.txt" "$stamp"
fi
py="$venv/bin/python"
tccli="$venv/bin/tccli"

cargo build --quiet -p tcr-emulator --bin tcr-emulator
emulator="$target_dir/debug/tcr-emulator"

examples="${TCCLI_SCENARIO_EXAMPLES:-0}"
verbose="${TCCLI_SCENARIO_VERBOSE:-0}"
unimplemented=()
if [ "$examples" = 1 ]; then
    unimplemented=(--unimplemented example)
    echo "TCCLI_SCENARIO_EXAMPLES=1: documented example answers for actions without behaviour;" \
        "namespace and repository listings checked for shape only"
fi

tmp="$(mktemp -d)"
emulator_pid=""
stop_emulator() {
    if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
        kill "$emulator_pid" 2>/dev/null || true
        for _ in $(seq 100); do
            kill -0 "$emulator_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
    fi
    emulator_pid=""
}
cleanup() {
    stop_emulator
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The emulator keeps its documented default pair: no credentials from this environment.
env -u TENCENTCLOUD_SECRET_ID -u TENCENTCLOUD_SECRET_KEY -u TENCENTCLOUD_TOKEN \
    "$emulator" --listen 127.0.0.1:0 --seed 1 --quiet ${unimplemented[@]+"${unimplemented[@]}"} \
    >"$tmp/emulator.out" 2>"$tmp/emulator.err" &
emulator_pid=$!
address=""
for _ in $(seq 600); do
    first="$(head -n 1 "$tmp/emulator.out" 2>/dev/null || true)"
    if [[ "$first" =~ ^listening\ on\ http://(127\.0\.0\.1:[0-9]+)$ ]]; then
        address="${BASH_REMATCH[1]}"
        break
    fi
    if ! kill -0 "$emulator_pid" 2>/dev/null; then
        break
    fi
    sleep 0.1
done
if [ -z "$address" ]; then
    echo "the emulator did not start (first line: ${first:-none})" >&2
    cat "$tmp/emulator.err" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
endpoint="http://$address"
echo "emulator: $endpoint"

# What tccli sees: the emulator's default pair, nothing else that would change how it signs or
# where it sends (a token, a role to assume, a profile, a proxy).
mkdir "$tmp/home"
export HOME="$tmp/home"
export NO_PROXY=127.0.0.1 no_proxy=127.0.0.1
export TENCENTCLOUD_SECRET_ID=AKIDTCREMULATOR
export TENCENTCLOUD_SECRET_KEY=tcr-emulator-secret-key
unset TENCENTCLOUD_TOKEN TENCENTCLOUD_REGION TENCENTCLOUD_ROLE_ARN TENCENTCLOUD_ROLE_SESSION_NAME \
    TCCLI_PROFILE TKE_REGION TKE_PROVIDER_ID TKE_WEB_IDENTITY_TOKEN_FILE TKE_ROLE_ARN

registry=tcr-abcd1234
namespace=scenario-apps
repository=web
account=ci-pusher
chosen_password='Rotated2Pass'
export SCENARIO_NAMESPACE="$namespace" SCENARIO_REPOSITORY="$repository" \
    SCENARIO_ACCOUNT="$account" SCENARIO_PASSWORD="$chosen_password" \
    SCENARIO_EXAMPLES="$examples" SCENARIO_SAVED="$tmp/saved.json"

# Each step's output is checked by check.py: Python statements with `r`, the output parsed as
# JSON, and that file's helpers in scope.

passed=0
failed=0
number=0

# Prints a command line as it could be typed: arguments with shell characters single-quoted.
show_command() {
    local line="      " arg q="'"
    for arg in "$@"; do
        if [[ "$arg" =~ ^[A-Za-z0-9_./:=@,+-]+$ ]]; then
            line+=" $arg"
        else
            line+=" '${arg//$q/$q\\$q$q}'"
        fi
    done
    printf '%s\n' "$line"
}

fail() {
    failed=$((failed + 1))
    printf 'FAIL %2d %s\n' "$number" "$title"
    sed 's/^/       /' "$tmp/reason"
    show_command "$@"
}

# ok_step TITLE CHECK ACTION [ARGS...]: the call succeeds (exit 0) and CHECK holds on its output.
ok_step() {
    title="$1"
    local check="$2" action="$3"
    shift 3
    number=$((number + 1))
    local command=("$tccli" tcr "$action" --region ap-guangzhou --endpoint "$endpoint" "$@")
    local rc=0
    "${command[@]}" >"$tmp/stdout" 2>"$tmp/stderr" || rc=$?
    if [ "$rc" -ne 0 ]; then
        { echo "exit $rc, expected 0"; head -n 5 "$tmp/stderr"; } >"$tmp/reason"
        fail "${command[@]}"
    elif ! "$py" "$here/check.py" "$tmp/stdout" "$check" >"$tmp/reason" 2>&1; then
        { echo "output:"; head -n 40 "$tmp/stdout"; } >>"$tmp/reason"
        fail "${command[@]}"
    else
        passed=$((passed + 1))
        printf 'ok   %2d %s\n' "$number" "$title"
        if [ "$verbose" = 1 ]; then show_command "${command[@]}"; fi
    fi
}

# refused_step TITLE CODE ACTION [ARGS...]: the call is refused by the emulator with CODE, which
# tccli reports by exiting 255 with `[TencentCloudSDKException] code:CODE message:...
# requestId:...` on stderr (a usage error also exits 255, but names no code).
refused_step() {
    title="$1"
    local code="$2" action="$3"
    shift 3
    number=$((number + 1))
    local command=("$tccli" tcr "$action" --region ap-guangzhou --endpoint "$endpoint" "$@")
    local rc=0
    "${command[@]}" >"$tmp/stdout" 2>"$tmp/stderr" || rc=$?
    local error
    error="$(grep -m 1 '^\[TencentCloudSDKException\]' "$tmp/stderr" || true)"
    local pattern="^\[TencentCloudSDKException\] code:${code//./\\.} message:.+ requestId:[0-9a-f-]{36}$"
    if [ "$rc" -ne 255 ]; then
        { echo "exit $rc, expected 255"; head -n 20 "$tmp/stdout"; head -n 5 "$tmp/stderr"; } >"$tmp/reason"
        fail "${command[@]}"
    elif ! [[ "$error" =~ $pattern ]]; then
        { echo "stderr does not report code $code:"; head -n 5 "$tmp/stderr"; } >"$tmp/reason"
        fail "${command[@]}"
    else
        passed=$((passed + 1))
        printf 'ok   %2d %s\n' "$number" "$title"
        if [ "$verbose" = 1 ]; then show_command "${command[@]}"; fi
    fi
}

ok_step "CreateNamespace $namespace (private)" '
only_request_id(r)
' CreateNamespace --RegistryId "$registry" --NamespaceName "$namespace" --IsPublic false

ok_step "CreateRepository $namespace/$repository" '
only_request_id(r)
' CreateRepository --RegistryId "$registry" --NamespaceName "$namespace" \
    --RepositoryName "$repository" --BriefDescription "the web front end"

ok_step "CreateServiceAccount $account, allowed to push to $namespace, for 30 days" '
request_id(r)
eq("Name", r.get("Name"), "tcr$" + ACCOUNT)
random_password(r.get("Password"))
expires = now_ms() + 30 * 86_400_000
that(isinstance(r.get("ExpiresAt"), int) and expires - 120_000 <= r["ExpiresAt"] <= expires,
     "ExpiresAt (expected 30 days from now)", r.get("ExpiresAt"))
that(ISO_8601.match(r.get("CreateTime") or ""), "CreateTime", r.get("CreateTime"))
save("created", r["Password"])
' CreateServiceAccount --RegistryId "$registry" --Name "$account" --Description "pushes $namespace" \
    --Duration 30 \
    --Permissions "[{\"Resource\":\"$namespace\",\"Actions\":[\"tcr:PushRepository\",\"tcr:PullRepository\"]}]"

ok_step "ModifyServiceAccountPassword $account, random" '
request_id(r)
random_password(r.get("Password"))
that(r["Password"] != saved.get("created"), "Password unchanged by the rotation", "...")
' ModifyServiceAccountPassword --RegistryId "$registry" --Name "$account" --Random true

ok_step "ModifyServiceAccountPassword tcr\$$account, chosen" '
request_id(r)
that(r.get("Password") == CHOSEN, "Password (not the one chosen)", "...")
' ModifyServiceAccountPassword --RegistryId "$registry" --Name "tcr\$$account" --Random false \
    --Password "$chosen_password"

refused_step "ModifyServiceAccountPassword $account, a password breaking the rule: refused" \
    InvalidParameter \
    ModifyServiceAccountPassword --RegistryId "$registry" --Name "$account" --Random false \
    --Password weakpassword

ok_step "DescribeServiceAccounts: $account with its push permission" '
accounts = listing(r, "ServiceAccounts")
eq("accounts", list(accounts), ["tcr$" + ACCOUNT])
eq("TotalCount", r["TotalCount"], 1)
listed = accounts["tcr$" + ACCOUNT]
eq("Description", listed.get("Description"), "pushes " + NS)
eq("Disable", listed.get("Disable"), False)
eq("Permissions", listed.get("Permissions"), [{"Resource": NS, "Actions": PUSH}])
that("Password" not in listed, "a listing shows the password", "...")
' DescribeServiceAccounts --RegistryId "$registry" --EmbedPermission true \
    --Filters "[{\"Name\":\"ServiceAccountName\",\"Values\":[\"$account\"]}]"

ok_step "DescribeNamespaces: $namespace, private" '
namespaces = listing(r, "NamespaceList")
if not EXAMPLES:
    that(NS in namespaces, f"{NS} not listed; namespaces", list(namespaces))
    eq("Public", namespaces[NS].get("Public"), False)
    that(r["TotalCount"] >= len(namespaces), "TotalCount", r["TotalCount"])
' DescribeNamespaces --RegistryId "$registry"

ok_step "DescribeRepositories of $namespace: $namespace/$repository" '
repositories = listing(r, "RepositoryList")
if not EXAMPLES:
    full = NS + "/" + REPO
    eq("repositories", list(repositories), [full])
    eq("TotalCount", r["TotalCount"], 1)
    eq("Namespace", repositories[full].get("Namespace"), NS)
    eq("BriefDescription", repositories[full].get("BriefDescription"), "the web front end")
' DescribeRepositories --RegistryId "$registry" --NamespaceName "$namespace"

ok_step "DeleteServiceAccount $account" '
only_request_id(r)
' DeleteServiceAccount --RegistryId "$registry" --Name "$account"

ok_step "DescribeServiceAccounts: $account gone" '
accounts = listing(r, "ServiceAccounts")
eq("accounts", list(accounts), [])
eq("TotalCount", r["TotalCount"], 0)
' DescribeServiceAccounts --RegistryId "$registry" \
    --Filters "[{\"Name\":\"ServiceAccountName\",\"Values\":[\"$account\"]}]"

ok_step "DeleteRepository $namespace/$repository" '
only_request_id(r)
' DeleteRepository --RegistryId "$registry" --NamespaceName "$namespace" --RepositoryName "$repository"

ok_step "DescribeRepositories of $namespace: none left" '
repositories = listing(r, "RepositoryList")
if not EXAMPLES:
    eq("repositories", list(repositories), [])
    eq("TotalCount", r["TotalCount"], 0)
' DescribeRepositories --RegistryId "$registry" --NamespaceName "$namespace"

ok_step "DeleteNamespace $namespace" '
only_request_id(r)
' DeleteNamespace --RegistryId "$registry" --NamespaceName "$namespace"

ok_step "DescribeNamespaces: $namespace gone" '
namespaces = listing(r, "NamespaceList")
if not EXAMPLES:
    that(NS not in namespaces, f"{NS} still listed; namespaces", list(namespaces))
' DescribeNamespaces --RegistryId "$registry"

stop_emulator
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
