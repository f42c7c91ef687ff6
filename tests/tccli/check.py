"""Checks one step of tests/tccli/run.sh: `check.py OUTPUT CHECK`.

OUTPUT is the file holding what tccli printed (its JSON answer); CHECK is Python run with `r`,
that answer parsed, and the helpers below in scope. Exits 0 when the check holds; otherwise
prints why (an AssertionError's message) and exits 1. Values a later step needs are kept with
`save(key, value)` and read from `saved`, in the file named by SCENARIO_SAVED.
"""

import json
import os
import re
import sys
import time

ISO_8601 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
NS = os.environ["SCENARIO_NAMESPACE"]
REPO = os.environ["SCENARIO_REPOSITORY"]
ACCOUNT = os.environ["SCENARIO_ACCOUNT"]
CHOSEN = os.environ["SCENARIO_PASSWORD"]
# TCCLI_SCENARIO_EXAMPLES=1: namespace and repository listings are documented examples, which
# name other resources; their content is not checked, only their shape.
EXAMPLES = os.environ.get("SCENARIO_EXAMPLES") == "1"
PUSH = ["tcr:PushRepository", "tcr:PullRepository"]
SAVED = os.environ["SCENARIO_SAVED"]
saved = {}
if os.path.exists(SAVED):
    with open(SAVED) as f:
        saved = json.load(f)


def save(key, value):
    saved[key] = value
    with open(SAVED, "w") as f:
        json.dump(saved, f)


def now_ms():
    return int(time.time() * 1000)


def eq(what, actual, expected):
    assert actual == expected, f"{what}: {actual!r}, expected {expected!r}"


def that(condition, what, value):
    assert condition, f"{what}: {value!r}"


def request_id(r):
    that(UUID.match(r.get("RequestId") or ""), "RequestId", r.get("RequestId"))


def only_request_id(r):
    """An answer with nothing to say but its RequestId."""
    request_id(r)
    eq("members", sorted(r), ["RequestId"])


def random_password(p):
    """A password the service picked: 32 ASCII letters and digits, every class present."""
    that(isinstance(p, str), "Password", p)
    that(len(p) == 32, "Password length (expected 32)", len(p))
    that(re.fullmatch(r"[A-Za-z0-9]+", p), "Password characters (letters and digits)", "...")
    for name, pattern in (("uppercase letter", "[A-Z]"), ("lowercase letter", "[a-z]"),
                          ("digit", "[0-9]")):
        that(re.search(pattern, p), f"Password without a {name}", "...")


def listing(r, items):
    """A page of a listing: its items by Name, after checking its shape."""
    request_id(r)
    that(isinstance(r.get(items), list), items, r.get(items))
    that(isinstance(r.get("TotalCount"), int), "TotalCount", r.get("TotalCount"))
    for item in r[items]:
        that(isinstance(item, dict) and isinstance(item.get("Name"), str),
             f"an item of {items} without a Name", item)
    return {item["Name"]: item for item in r[items]}


def main():
    output, check = sys.argv[1], sys.argv[2]
    try:
        with open(output) as f:
            r = json.load(f)
    except ValueError as error:
        print(f"the output is not JSON: {error}")
        return 1
    try:
        exec(compile(check, "check", "exec"), dict(globals(), r=r))
    except AssertionError as error:
        print(error)
        return 1
    except Exception as error:  # a check that breaks on an unexpected shape
        print(f"{type(error).__name__}: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
