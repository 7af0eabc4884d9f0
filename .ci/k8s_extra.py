"""Two checks the Kubernetes JSON schema cannot make (its string fields carry no enum):
1. the enumerated fields the recipe uses hold a value Kubernetes knows (a typo such as
   `completionMode: Indexd` or `procMount: Unmaskd` passes the schema and fails only on the cluster);
2. in an Indexed Job whose container sets SHARDS, SHARDS equals `completions` (else shards are lost).

Usage: .ci/tools/venv/bin/python .ci/k8s_extra.py FILE.yaml...  (PyYAML)   Exit 1 on any finding.
selftest/test_recipes.py runs it on docs/recipes/.
"""
import sys

import yaml

ENUMS = {
    "completionMode": {"NonIndexed", "Indexed"},
    "restartPolicy": {"Always", "OnFailure", "Never"},
    "procMount": {"Default", "Unmasked"},
    "accessModes": {"ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"},
    "seccompProfile.type": {"RuntimeDefault", "Unconfined", "Localhost"},
    "appArmorProfile.type": {"RuntimeDefault", "Unconfined", "Localhost"},
}


def walk(node, path=""):
    """Yield (dotted path, key, value) for every mapping entry."""
    if isinstance(node, dict):
        for key, val in node.items():
            yield path, key, val
            yield from walk(val, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from walk(item, f"{path}[{i}]")


def check(doc, where):
    problems = []
    for path, key, val in walk(doc):
        parent = path.rsplit(".", 1)[-1].split("[")[0]
        for field, allowed in ENUMS.items():
            name, _, sub = field.partition(".")
            if (key == name and not sub) or (key == sub and parent == name):
                values = val if isinstance(val, list) else [val]
                problems += [f"{where}: {path}.{key}: {v!r} is not one of {sorted(allowed)}"
                             for v in values if v not in allowed]
    spec = doc.get("spec") or {}
    if doc.get("kind") == "Job" and spec.get("completionMode") == "Indexed":
        for c in spec.get("template", {}).get("spec", {}).get("containers", []):
            shards = {e.get("name"): e.get("value") for e in c.get("env", [])}.get("SHARDS")
            if shards is not None and str(shards) != str(spec.get("completions")):
                problems.append(f"{where}: container {c.get('name')}: SHARDS={shards} but "
                                f"completions={spec.get('completions')}")
    return problems


def main(paths):
    problems = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for doc in yaml.safe_load_all(f):
                if doc:
                    where = f"{path} {doc.get('kind')}/{(doc.get('metadata') or {}).get('name')}"
                    problems += check(doc, where)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
