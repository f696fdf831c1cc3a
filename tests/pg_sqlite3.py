#!/usr/bin/env python3
"""pg_sqlite3.py — stands in for the sqlite3 shell when tests/pg.sh runs an
end-to-end script on PostgreSQL, so the scripts that look into the database
("SELECT COUNT(*) FROM gifts", "UPDATE access_log SET ..." to tamper) run
unchanged: the database file name maps to the same PostgreSQL database as
tests/pg_wrap.sh gives the probity binary, and the SQL runs there through
psql with sqlite3's output (list mode, '|' between columns, no header).

Accepts what the scripts use: -separator S, -newline S, -cmd .dotcommand
(ignored), -batch, -bail; the SQL as the argument after the file or on
standard input. The words user and offset, column names that PostgreSQL
reserves, are quoted as store_pg.c quotes them; date('now'), instr(x, 'literal'),
group_concat(x) and an unnamed closing subquery are put in PostgreSQL's words. Needs PG_DIR, PG_PORT,
PG_USER, PG_BIN (tests/pg_server.sh)."""
import hashlib
import os
import re
import subprocess
import sys


def sqlite_forms(sql):
    """The few SQLite-only forms the scripts' own look-ups use."""
    sql = re.sub(r"date\(\s*'now'\s*\)", "to_char(CURRENT_DATE, 'YYYY-MM-DD')", sql, flags=re.I)
    # instr(X, 'literal') on text or bytes: the literal's bytes in X's
    sql = re.sub(r"\binstr\(\s*([\w.]+)\s*,\s*('(?:''|[^'])*')\s*\)",
                 r"position(convert_to(\2, 'UTF8') in (\1)::bytea)", sql, flags=re.I)
    sql = re.sub(r"\bgroup_concat\(\s*([\w.]+)\s*\)", r"string_agg(\1::text, ',')", sql, flags=re.I)
    # an unnamed subquery closing the statement: FROM (SELECT …)
    out = []
    for stmt in sql.split(';'):
        if re.search(r'\bfrom\s*\(\s*select\b', stmt, re.I) and re.search(r'\)\s*$', stmt):
            stmt = re.sub(r'\)\s*$', ') AS sub', stmt)
        out.append(stmt)
    return ';'.join(out)


def quote_reserved(sql):
    out = []
    for part in re.split(r"('(?:''|[^'])*')", sql):
        if part.startswith("'"):
            out.append(part)
        else:
            part = re.sub(r'(?<![."\w])user(?![\w"(])', '"user"', part, flags=re.I)
            out.append(re.sub(r'(?<![."\w])offset(?!\s*(?:\d|\?|\$))(?![\w"])', '"offset"', part, flags=re.I))
    return ''.join(out)


def main(argv):
    sep, newline, args = '|', '\n', []
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in ('-separator', '-newline', '-cmd') and i + 1 < len(argv):
            if a == '-separator':
                sep = argv[i + 1]
            elif a == '-newline':
                newline = argv[i + 1]
            i += 2
            continue
        if a.startswith('-') and not args:
            i += 1
            continue
        args.append(a)
        i += 1
    if not args:
        sys.stderr.write('pg_sqlite3: no database named\n')
        return 2
    path = args[0]
    sql = ' '.join(args[1:]) if len(args) > 1 else sys.stdin.read()
    sql = '\n'.join(line for line in sql.split('\n') if not line.lstrip().startswith('.'))
    db = 'e2e_' + hashlib.md5(path.encode()).hexdigest()[:16]
    env = os.environ
    conn = ['-h', env['PG_DIR'], '-p', env['PG_PORT'], '-U', env['PG_USER']]
    psql = [os.path.join(env['PG_BIN'], 'psql')] + conn + \
        ['-X', '-q', '-A', '-t', '-F', sep, '-R', newline, '-v', 'ON_ERROR_STOP=1', '-d', db, '-f', '-']
    sql = quote_reserved(sqlite_forms(sql))
    r = subprocess.run(psql, input=sql, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode == 2 and 'does not exist' in r.stderr:
        # the first look at a file nobody opened yet: an empty database, as sqlite3 makes a file
        subprocess.run([os.path.join(env['PG_BIN'], 'createdb')] + conn + [db], stderr=subprocess.DEVNULL)
        r = subprocess.run(psql, input=sql, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sys.stderr.write(r.stderr)
    out = r.stdout
    # psql ends the last row with a newline, not the -newline separator that
    # sqlite3 puts after every row
    if newline != '\n' and out.endswith('\n'):
        out = out[:-1] + newline
    sys.stdout.write(out)
    return r.returncode


if __name__ == '__main__':
    sys.exit(main(sys.argv))
