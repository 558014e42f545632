#!/usr/bin/env python3
"""The shape of the code, as issue 13 measures it: lines per layer, the longest functions,
handler functions over 60 lines, path literals outside views/src/paths.rs, files over 400 lines.

    python3 bench/layout.py            # the report
    python3 bench/layout.py --json     # the same figures, machine-readable

Functions are found by their `fn name(` line and measured to the brace that closes them (strings,
chars and comments are skipped), so a closure or a nested fn counts inside its parent.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATED = {"src/schema.rs"}


def rust_files(*dirs):
    for d in dirs:
        for base, _, names in os.walk(os.path.join(ROOT, d)):
            for n in sorted(names):
                if n.endswith(".rs"):
                    path = os.path.relpath(os.path.join(base, n), ROOT)
                    if path not in GENERATED:
                        yield path


def code_only(text):
    """The text with comments, strings and char literals blanked (newlines kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "r" and re.match(r'r#*"', text[i:i + 10]) and not (i and (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'r(#*)"', text[i:])
            end = '"' + m.group(1)
            j = text.find(end, i + len(m.group(0)))
            j = n if j < 0 else j + len(end)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(re.sub(r"[^\n]", " ", text[i:j + 1]))
            i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 4]) or (c == "'" and re.match(r"'\\u\{[0-9a-fA-F]+\}'", text[i:i + 12])):
            m = re.match(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", text[i:])
            out.append(" " * len(m.group(0)))
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    return "".join(out)


FN = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+([A-Za-z_][A-Za-z0-9_]*)")


def functions(path):
    text = open(os.path.join(ROOT, path), encoding="utf-8").read()
    code = code_only(text)
    lines = code.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for no, line in enumerate(lines):
        m = FN.match(line)
        if not m:
            continue
        start = offsets[no]
        brace = None
        k = start
        while k < len(code):
            if code[k] == ";" and brace is None:
                break  # a declaration without a body
            if code[k] == "{":
                brace = k
                break
            k += 1
        if brace is None:
            continue
        depth, k = 0, brace
        while k < len(code):
            if code[k] == "{":
                depth += 1
            elif code[k] == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        end_line = code.count("\n", 0, k)
        yield m.group(1), no + 1, end_line - no + 1


def layer(path):
    if path.startswith("src/http/handlers/"):
        return "handlers"
    if path.startswith("src/http/present"):
        return "present"
    if path.startswith("src/services/"):
        return "services"
    if path.startswith("src/models/"):
        return "models"
    if path.startswith("src/domain/"):
        return "domain"
    if path.startswith("views/src/"):
        return "views"
    if path.startswith("src/worker"):
        return "worker"
    if path.startswith("src/http/"):
        return "http (other)"
    if path.startswith("src/"):
        return "src (other)"
    if path.startswith("jobs/"):
        return "jobs crate"
    return "tests"


PATH_LITERAL = re.compile(r'"(/(?:rooms|admin|apply|applications|calendar|events|login|logout|me|mail|messages|'
                          r'registrants|directory|letters|submissions|onboarding|files|search|assets|password|'
                          r'account|offline|health|sw|audit|vitals|medication|documents|settings|notifications|'
                          r'help|lang|totp|activate|enrol|drafts|language)[^"\s]*)"')


def path_literals(path):
    if path.endswith("views/src/paths.rs") or path.startswith("tests/"):
        return []
    text = open(os.path.join(ROOT, path), encoding="utf-8").read()
    # only string literals in code, not in comments
    found = []
    for no, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        for m in PATH_LITERAL.finditer(line):
            found.append((no, m.group(1)))
    return found


def main():
    files = list(rust_files("src", "views/src", "jobs/src", "tests"))
    per_layer, big_files, fns, literals = {}, [], [], []
    for f in files:
        n = sum(1 for _ in open(os.path.join(ROOT, f), encoding="utf-8"))
        per_layer[layer(f)] = per_layer.get(layer(f), 0) + n
        if n > 400 and not f.startswith("tests/"):
            big_files.append((n, f))
        if not f.startswith("tests/"):
            for name, line, length in functions(f):
                fns.append((length, f, name, line))
            for no, lit in path_literals(f):
                literals.append((f, no, lit))
    fns.sort(reverse=True)
    handlers = [x for x in fns if x[1].startswith("src/http/handlers/")]
    over = [x for x in handlers if x[0] > 60]
    report = {
        "lines_per_layer": per_layer,
        "longest_functions": [{"lines": a, "file": b, "fn": c, "at": d} for a, b, c, d in fns[:15]],
        "handler_functions": len(handlers),
        "handler_functions_over_60": [{"lines": a, "file": b, "fn": c} for a, b, c, d in over],
        "path_literals_outside_paths_rs": len(literals),
        "files_over_400_lines": [{"lines": a, "file": b} for a, b in sorted(big_files, reverse=True)],
    }
    if "--json" in sys.argv:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    print("lines per layer")
    for k in sorted(per_layer, key=lambda k: -per_layer[k]):
        print(f"  {k:14} {per_layer[k]:6}")
    print("\nthe 15 longest functions")
    for a, b, c, d in fns[:15]:
        print(f"  {a:4}  {b}:{d} {c}")
    print(f"\nhandler functions: {len(handlers)}, over 60 lines: {len(over)}")
    for a, b, c, d in over:
        print(f"  {a:4}  {b} {c}")
    print(f"\npath literals outside views/src/paths.rs: {len(literals)}")
    if "-v" in sys.argv:
        for f, no, lit in literals:
            print(f"  {f}:{no} {lit}")
    print(f"\nfiles over 400 lines (not tests, not schema.rs): {len(big_files)}")
    for a, b in sorted(big_files, reverse=True):
        print(f"  {a:5}  {b}")


if __name__ == "__main__":
    main()
