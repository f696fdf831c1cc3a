#!/usr/bin/env python3
"""audit_differential.py -- random inputs, probity audit scan vs a reference checker.

    audit_differential.py CHECK_PY PROBITY [ITERATIONS] [SEED]

Builds small random audit directories that stress the rules' boundaries (few
users and subjects, dense days, bursts of search/view and print/export,
equal timestamps, re-assignments) and the CSV reader (quoted fields with
commas, doubled quotes and newlines, unicode, CRLF line ends, no final line
end), runs the reference checker (SPEC.md's check.py, which a clone of this
repository does not have; pass its path) and `probity audit scan`, and
reports any difference. Not part of `make test`.
"""
import csv
import datetime as dt
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile


def q(field, r):
    """RFC 4180 quoting, sometimes applied when not needed."""
    if any(c in field for c in ',"\r\n') or r.random() < 0.05:
        return '"' + field.replace('"', '""') + '"'
    return field


def write(path, header, rows, r, crlf=False, final_eol=True):
    eol = "\r\n" if crlf else "\n"
    lines = [header] + [",".join(q(f, r) for f in row) for row in rows]
    text = eol.join(lines) + (eol if final_eol or not rows else "")
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write(text)


def make(d, r):
    nu = r.randint(1, 6)
    ns = r.randint(1, 10)
    users = [r.choice(["U", "u", "Ü", "U,", 'U"', "U\n"]) + str(i) for i in range(nu)]
    if r.random() < 0.2:
        users.append("")
    subjects = [r.choice(["P", "p", "Ω", "P,x", 'P"q', "P\nn", "P\r\nz"]) + str(i) for i in range(ns)]
    reasons = ["", "OC1", "OC2", "OC,3", 'OC"4']
    staff = [[u, r.choice(subjects + [""]), "Sur,name", "Unit"] for u in users if r.random() < 0.8]
    assoc = [[r.choice(users), r.choice(subjects), "ex-partner", "2020-01-01"] for _ in range(r.randint(0, 6))]
    vuln = [[s, "flag"] for s in subjects if r.random() < 0.4]
    watch = [[s, "cat"] for s in subjects if r.random() < 0.3]
    start = dt.date(2026, 1, 1)
    ndays = r.choice([3, 10, 40, 70])
    assign = []
    for _ in range(r.randint(0, 10)):
        a = start + dt.timedelta(days=r.randint(-5, ndays))
        b = a + dt.timedelta(days=r.randint(-1, 20))
        assign.append([r.choice(users), r.choice(reasons), a.isoformat(), b.isoformat()])
    # events: a nondecreasing clock with bursts
    t = dt.datetime(2026, 1, 1, 0, 0, 0)
    end = t + dt.timedelta(days=ndays)
    events = []
    n = r.randint(0, 3000)
    actions = ["search", "view", "update", "print", "export", "search ", "View", ""]
    weights = [30, 30, 10, 10, 10, 1, 1, 1]
    while len(events) < n and t < end:
        step = r.choice([0, 0, 1, 5, 60, 600, 3600, 20000, 86400])
        t += dt.timedelta(seconds=r.randint(0, step))
        u = r.choice(users)
        burst = r.choice([1, 1, 1, 5, 40, 120])
        act = r.choices(actions, weights)[0]
        for _ in range(burst):
            if r.random() < 0.3:
                t += dt.timedelta(seconds=r.randint(0, 30))
            sub = r.choice(subjects + ["", "", "X1", "X2"])
            events.append([t.strftime("%Y-%m-%dT%H:%M:%SZ"), u, r.choice(["RMS", "PNC"]), "desktop", act,
                           "person", "N" + str(r.randint(0, 9)), sub, r.choice(reasons)])
    crlf = r.random() < 0.2
    write(os.path.join(d, "events.csv"), "ts,user,system,device,action,record_type,record_id,subject,reason",
          events, r, crlf, r.random() < 0.8)
    write(os.path.join(d, "staff.csv"), "user,person,surname,unit", staff, r, crlf)
    write(os.path.join(d, "associations.csv"), "user,subject,relationship,declared_on", assoc, r)
    write(os.path.join(d, "vulnerable.csv"), "subject,flag", vuln, r)
    write(os.path.join(d, "watchlist.csv"), "subject,category", watch, r, False, r.random() < 0.5)
    write(os.path.join(d, "assignments.csv"), "user,reason,from,to", assign, r)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    check, probity = sys.argv[1], sys.argv[2]
    iters = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    bad = 0
    alerts = 0
    for i in range(iters):
        r = random.Random(seed * 1000003 + i)
        d = tempfile.mkdtemp(prefix="audit-diff-")
        try:
            make(d, r)
            exp, got = os.path.join(d, "exp.csv"), os.path.join(d, "got.csv")
            c = subprocess.run([sys.executable, check, "-o", exp, d], capture_output=True)
            p = subprocess.run([probity, "audit", "scan", "-q", d, "-o", got], capture_output=True)
            if c.returncode != 0 or p.returncode != 0:
                print(f"iteration {i}: check.py rc {c.returncode}, probity rc {p.returncode}: "
                      f"{c.stderr.decode()[-300:]} {p.stderr.decode()[-300:]}")
                bad += 1
                keep = d + ".fail"
                shutil.copytree(d, keep)
                continue
            a, b = open(exp, "rb").read(), open(got, "rb").read()
            alerts += a.count(b"\n") - 1
            if a != b:
                bad += 1
                keep = d + ".fail"
                shutil.copytree(d, keep)
                print(f"iteration {i}: outputs differ; kept {keep}")
        finally:
            shutil.rmtree(d)
    print(f"{iters} inputs, {alerts} alerts in all, {bad} differ")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
