#!/usr/bin/env python3
"""check_source.py — static checks of Probity's C source that the compiler
cannot make on its own. Run by tests/e2e/tree.sh.

  check_source.py calls [FILE...]   every html_f / table_cell / summary_row
      format and every store_exec / store_query / store_int / store_text
      bind-type string against its arguments. Each call is rewritten into a
      call of a printf-attributed twin (html %s %a %u %R -> %s, %I %m -> %ld
      (int64_t), %d %ld %lld %zu as they are; bind 'i' -> %ld, 'd' -> %d,
      't' and 's' -> %s, 'f' -> %f, 'b' -> %p%zu) and the file is compiled with
      -fsyntax-only -Werror=format, so gcc checks the count and the type of
      every argument. An unknown conversion or bind letter is reported too.
      Default FILEs: every .c under src/ and tests/unit/.
  check_source.py layers [ROOT] [--except FILE]...   no SQL in src/web or src/cli: no string
      literal with an SQL keyword (SELECT INSERT UPDATE DELETE FROM WHERE) and
      no call of the statement API (store_exec, store_query, store_int,
      store_text, store_begin/commit/rollback, stmt_*). SQL and the rules it
      encodes belong in src/domain. --except names a file (relative to ROOT)
      whose move is in flight on another branch; it is listed, not failed.
  check_source.py dialect [ROOT]   the SQL in src/domain and src/audit is
      store.h's portable dialect, which runs on SQLite and PostgreSQL: no
      string literal (src/demo's too) uses an SQLite-only form (instr, group_concat, strftime,
      julianday, datetime, date('now'), unixepoch, char(), ifnull, iif,
      typeof, randomblob, last_insert_rowid, INSERT OR IGNORE/REPLACE,
      REPLACE INTO, GLOB, AUTOINCREMENT). Use strpos, string_agg, dates as
      ISO text bound from C, COALESCE, CASE, ON CONFLICT, RETURNING.

Prints one line per problem as FILE:LINE: message; exits 1 if any."""
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TOKEN = re.compile(r'''
    (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<str>(?:u8|[uUL])?"(?:\\.|[^"\\\n])*")
  | (?P<char>'(?:\\.|[^'\\\n])*')
  | (?P<pp>^[ \t]*\#[^\n]*(?:\\\n[^\n]*)*)
  | (?P<ident>[A-Za-z_]\w*)
  | (?P<num>\.?\d[\w.]*)
  | (?P<ws>\s+)
  | (?P<punct>.)
''', re.S | re.M | re.X)


def tokens(text):
    out = []
    for m in TOKEN.finditer(text):
        out.append((m.lastgroup, m.start(), m.end(), m.group()))
    return out


def line_of(text, pos):
    return text.count('\n', 0, pos) + 1


# function -> index of its format / bind-type argument (0-based), kind
CALLS = {
    'html_f': (1, 'html'),
    'table_cell': (2, 'html'),
    'summary_row': (2, 'html'),
    'store_exec': (3, 'bind'),
    'store_query': (4, 'bind'),
    'store_int': (4, 'bind'),
    'store_text': (5, 'bind'),
}

PROTOS = '''#include <stddef.h>
#include <stdint.h>
struct html; struct store; struct err; struct stmt;
void check_html_f_(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void check_table_cell_(struct html *h, int numeric, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void check_summary_row_(struct html *h, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int check_store_exec_(struct store *st, struct err *e, const char *sql, const char *types, ...)
	__attribute__((format(printf, 4, 5)));
int check_store_query_(struct store *st, struct stmt **out, struct err *e, const char *sql, const char *types, ...)
	__attribute__((format(printf, 5, 6)));
int check_store_int_(struct store *st, struct err *e, int64_t *out, const char *sql, const char *types, ...)
	__attribute__((format(printf, 5, 6)));
int check_store_text_(struct store *st, struct err *e, char *out, size_t n, const char *sql, const char *types, ...)
	__attribute__((format(printf, 6, 7)));
'''

HTML_CONV = re.compile(r'%(%|lld|ld|zu|[saRudImD]|.?)', re.S)
HTML_MAP = {'%': '%%', 's': '%s', 'a': '%s', 'u': '%s', 'R': '%s', 'd': '%d', 'ld': '%ld', 'lld': '%lld',
            'zu': '%zu', 'I': '%ld', 'm': '%ld', 'D': '%s'}
BIND_MAP = {'i': '%ld', 'd': '%d', 't': '%s', 's': '%s', 'f': '%f', 'b': '%p%zu'}


def literal_body(tok):
    s = tok[3]
    return s[s.index('"') + 1:-1]


def split_args(toks, i):
    """toks[i] is '('. Returns (list of (first, last) token index ranges of
    the arguments, index of the closing ')')."""
    depth = 0
    args = []
    start = i + 1
    j = i
    while j < len(toks):
        k, _, _, v = toks[j]
        if k == 'punct' and v in '([{':
            depth += 1
        elif k == 'punct' and v in ')]}':
            depth -= 1
            if depth == 0:
                args.append((start, j - 1))
                return args, j
        elif k == 'punct' and v == ',' and depth == 1:
            args.append((start, j - 1))
            start = j + 1
        j += 1
    return args, j


def significant(toks, a, b):
    return [t for t in toks[a:b + 1] if t[0] not in ('ws', 'comment')]


def convert(kind, body, problems, where):
    if kind == 'html':
        def rep(m):
            c = m.group(1)
            if c not in HTML_MAP:
                problems.append('%s: html_f: unknown conversion %%%s' % (where, c))
                return '%s'
            return HTML_MAP[c]
        return HTML_CONV.sub(rep, body)
    out = ''
    for ch in body:
        if ch not in BIND_MAP:
            problems.append('%s: unknown bind type %r' % (where, ch))
            continue
        out += BIND_MAP[ch]
    return out


# Names a format may be built from: a file's `static const char name[] =
# "...";` and the tree's `#define NAME "..."` string macros.
CONST_ARRAY = re.compile(r'(?:static\s+)?const\s+char\s+(\w+)\s*\[\]\s*=\s*((?:\s*"(?:\\.|[^"\\\n])*")+)\s*;')
MACRO = re.compile(r'^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+((?:"(?:\\.|[^"\\\n])*"[ \t]*)+)$', re.M)
MACROS = {}


def load_macros():
    for d in ('src', 'tests/unit'):
        for dirpath, _, names in os.walk(os.path.join(ROOT, d)):
            for n in names:
                if n.endswith(('.h', '.c')):
                    with open(os.path.join(dirpath, n), encoding='utf-8') as f:
                        for m in MACRO.finditer(f.read()):
                            MACROS[m.group(1)] = [t for t in tokens(m.group(2)) if t[0] == 'str']


def rewrite(path, text, problems, ncalls):
    """The text with every checked call turned into its printf twin, lines
    kept where they were; None when the file has no such call."""
    toks = tokens(text)
    edits = []
    consts = dict(MACROS)
    for m in CONST_ARRAY.finditer(text):
        consts[m.group(1)] = [t for t in tokens(m.group(2)) if t[0] == 'str']
    for i, t in enumerate(toks):
        if t[0] != 'ident' or t[3] not in CALLS:
            continue
        j = i + 1
        while j < len(toks) and toks[j][0] in ('ws', 'comment'):
            j += 1
        if j >= len(toks) or toks[j][3] != '(':
            continue
        p = i - 1
        while p >= 0 and toks[p][0] in ('ws', 'comment'):
            p -= 1
        if p >= 0 and (toks[p][0] == 'ident' and toks[p][3] not in ('return', 'else', 'do') or toks[p][3] == '*'):
            continue  # a declaration or definition, not a call
        idx, kind = CALLS[t[3]]
        args, _ = split_args(toks, j)
        where = '%s:%d' % (path, line_of(text, t[1]))
        if len(args) <= idx:
            problems.append('%s: %s: missing its %s argument' % (where, t[3], 'format' if kind == 'html' else 'types'))
            continue
        a, b = args[idx]
        sig = significant(toks, a, b)
        if sig and all(s[0] == 'str' or s[0] == 'ident' and s[3] in consts for s in sig):
            sig = [x for s in sig for x in (consts[s[3]] if s[0] == 'ident' else [s])]
        elif path.startswith('tests/'):
            continue  # the writer's own tests pass formats through a helper
        if not sig or any(s[0] != 'str' for s in sig):
            # not a literal: only a forwarding wrapper may do that
            problems.append('%s: %s: the %s must be a string literal' %
                            (where, t[3], 'format' if kind == 'html' else 'bind-type string'))
            continue
        body = ''.join(literal_body(s) for s in sig)
        new = '"' + convert(kind, body, problems, where) + '"'
        start, end = toks[a][1], toks[b][2]
        new += '\n' * text.count('\n', start, end)
        edits.append((start, end, new))
        edits.append((t[1], t[2], 'check_%s_' % t[3]))
        # NULL is a documented value for %s and 't' (writes nothing / binds
        # NULL): give it a char * type so that it checks as one.
        for c, d in args[idx + 1:]:
            sa = significant(toks, c, d)
            if len(sa) == 1 and sa[0][3] == 'NULL':
                edits.append((sa[0][1], sa[0][2], '((char *)0)'))
        ncalls[0] += 1
    if not edits:
        return None
    edits.sort(reverse=True)
    for s, e, new in edits:
        text = text[:s] + new + text[e:]
    return PROTOS + '#line 1 "%s"\n' % path + text


def compile_one(item):
    path, text = item
    with tempfile.NamedTemporaryFile('w', suffix='.c', delete=False) as f:
        f.write(text)
        tmp = f.name
    try:
        r = subprocess.run(['gcc', '-std=c11', '-D_GNU_SOURCE', '-fsyntax-only', '-I' + os.path.join(ROOT, 'src'),
                            '-I' + os.path.join(ROOT, 'tests', 'unit'), '-I' + os.path.dirname(os.path.abspath(path)),
                            '-Wformat', '-Werror=format', '-Wno-format-zero-length', '-Werror=format-extra-args',
                            tmp], capture_output=True, text=True)
    finally:
        os.unlink(tmp)
    out = []
    for line in r.stderr.splitlines():
        if ': error:' in line or ': warning:' in line:
            out.append(line)
    if r.returncode != 0 and not out:
        out.append('%s: does not compile when checked:\n%s' % (path, r.stderr[:2000]))
    return out


def check_calls(files):
    problems = []
    work = []
    ncalls = [0]
    load_macros()
    for path in files:
        with open(path, encoding='utf-8') as f:
            text = f.read()
        t = rewrite(os.path.relpath(path, ROOT) if os.path.isabs(path) else path, text, problems, ncalls)
        if t is not None:
            work.append((path, t))
    with ThreadPoolExecutor(max_workers=2) as ex:
        for out in ex.map(compile_one, work):
            problems.extend(out)
    return problems, '%d calls in %d files' % (ncalls[0], len(work))


SQL_WORD = re.compile(r'\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE)\b')
HTTP_METHOD = re.compile(r'^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$')
STORE_CALL = {'store_exec', 'store_query', 'store_int', 'store_text', 'store_begin', 'store_commit',
              'store_rollback', 'store_changes', 'store_last_id'}


def check_layers(root):
    problems = []
    nfiles = 0
    for d in ('src/web', 'src/cli'):
        base = os.path.join(root, d)
        for name in sorted(os.listdir(base)):
            if not name.endswith(('.c', '.h')):
                continue
            path = os.path.join(base, name)
            rel = os.path.relpath(path, root)
            nfiles += 1
            with open(path, encoding='utf-8') as f:
                text = f.read()
            toks = tokens(text)
            for i, t in enumerate(toks):
                if t[0] == 'str':
                    body = literal_body(t)
                    if SQL_WORD.search(body) and not HTTP_METHOD.match(body):
                        problems.append('%s:%d: SQL in a string literal: %s' % (rel, line_of(text, t[1]), t[3][:70]))
                elif t[0] == 'ident' and (t[3] in STORE_CALL or t[3].startswith('stmt_')):
                    j = i + 1
                    while j < len(toks) and toks[j][0] in ('ws', 'comment'):
                        j += 1
                    if j < len(toks) and toks[j][3] == '(':
                        problems.append('%s:%d: statement API call %s() outside src/domain' %
                                        (rel, line_of(text, t[1]), t[3]))
    return problems, nfiles


# The portable dialect (store.h): what SQLite accepts and PostgreSQL 15 does
# not, each with what to write instead. Matched on a whole statement (the
# adjacent string literals of a C expression, #define bodies included, joined)
# with its own '...' literals blanked, so a message or a label is not SQL.
RULES = [
    (r"\binstr\s*\(", "instr()", "strpos(haystack, needle)"),
    (r"\bgroup_concat\s*\(", "group_concat()", "string_agg(value, separator)"),
    (r"\b(?:strftime|julianday|datetime|unixepoch)\s*\(", "SQLite date function",
     "an ISO date/time text computed in C (core/date.h) and bound as a parameter"),
    (r"\bdate\s*\(\s*'now'", "date('now')", "today computed in C (date_today) and bound as a parameter"),
    (r"\bchar\s*\(", "char()", "the character itself in the C string ('\\n'), or bind it"),
    (r"\bifnull\s*\(", "ifnull()", "COALESCE(a, b)"),
    (r"\biif\s*\(", "iif()", "CASE WHEN c THEN a ELSE b END"),
    (r"\btypeof\s*\(", "typeof()", "a column of one fixed type (no portable equivalent)"),
    (r"\brandomblob\s*\(", "randomblob()", "random bytes from C (libsodium) bound as a blob"),
    (r"\b(?:last_insert_rowid|changes|total_changes)\s*\(", "SQLite row-count function",
     "INSERT … RETURNING id, and store_changes() from C"),
    (r"\bprintf\s*\(", "printf()", "format the text in C"),
    (r"\btotal\s*\(", "total()", "COALESCE(SUM(x), 0)"),
    (r"\bINSERT\s+OR\s+IGNORE\b", "INSERT OR IGNORE", "INSERT … ON CONFLICT DO NOTHING"),
    (r"\bINSERT\s+OR\s+(?:REPLACE|ABORT|FAIL|ROLLBACK)\b|\bREPLACE\s+INTO\b", "INSERT OR REPLACE / REPLACE INTO",
     "INSERT … ON CONFLICT(key) DO UPDATE SET col = excluded.col"),
    (r"\bGLOB\b", "GLOB", "LIKE (with lower() on both sides) or strpos()"),
    (r"\bAUTOINCREMENT\b", "AUTOINCREMENT", "INTEGER PRIMARY KEY alone"),
    (r"\browid\b", "rowid", "the table's INTEGER PRIMARY KEY column"),
    (r"\bLIMIT\s+-\s*1\b", "LIMIT -1", "no LIMIT"),
    (r"\b(?:SUM|AVG|TOTAL)\s*\(\s*(?!CASE\b)(?:[^()']|\([^()]*\))*?(?:<>|!=|<=|>=|[<>=]|\bIS\b|\bIN\b|\bLIKE\b|\bAND\b"
     r"|\bOR\b|\bNOT\b|\bBETWEEN\b)",
     "SUM of a comparison (a boolean on PostgreSQL)", "COUNT(CASE WHEN … THEN 1 END) or SUM(CASE WHEN … THEN 1 ELSE 0 END)"),
    (r"=\s*\((?!\s*SELECT\b)(?:[^()']|\([^()]*\))*?(?:<>|!=|<=|>=|[<>=]|\bIS\b|\bIN\b|\bLIKE\b)(?:[^()]|\([^()]*\))*\)",
     "a comparison as a value (a boolean on PostgreSQL)", "CASE WHEN … THEN 1 ELSE 0 END"),
    (r"\b(?:max|min)\s*\(\s*(?:[^(),']|\([^()]*\))+,", "two-argument max()/min()",
     "CASE WHEN a > b THEN a ELSE b END (PostgreSQL's GREATEST/LEAST are not in SQLite)"),
]
RULES = [(re.compile(r, re.I), what, use) for r, what, use in RULES]
# What store_pg.c's migration translation maps by itself (see its comment).
MIGRATION_TRANSLATED = {'group_concat()', 'char()', 'AUTOINCREMENT'}
SUBQUERY = re.compile(r'\b(?:FROM|JOIN)\s*\(\s*SELECT\b', re.I)
ALIAS_FOLLOWERS = re.compile(r'\s*(?:$|[),;]|(?:WHERE|ORDER|GROUP|HAVING|LIMIT|JOIN|LEFT|INNER|CROSS|ON|UNION|EXCEPT'
                             r'|INTERSECT|WINDOW)\b)', re.I)
SQL_STATEMENT = re.compile(r'^\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER|DROP)\b|\bFROM\s+\w+\s+WHERE\b'
                           r'|\bSELECT\b.*\bFROM\b', re.S)
UPSERT = re.compile(r'\bDO\s+UPDATE\s+SET\b(.*)', re.I | re.S)


def blank_quotes(sql):
    """sql with the text inside '...' replaced by spaces (same length)."""
    return re.sub(r"'(?:''|[^'])*'", lambda m: "'" + ' ' * (len(m.group()) - 2) + "'", sql)


def close_paren(sql, i):
    depth = 0
    for j in range(i, len(sql)):
        if sql[j] == '(':
            depth += 1
        elif sql[j] == ')':
            depth -= 1
            if depth == 0:
                return j
    return len(sql)


def sql_problems(sql, migration=False):
    """(offset, what, use) for each non-portable form in one statement."""
    out = []
    bl = blank_quotes(sql)
    for rx, what, use in RULES:
        if migration and what in MIGRATION_TRANSLATED:
            continue
        for m in rx.finditer(sql if what == "date('now')" else bl):
            out.append((m.start(), what, use))
    if not migration:
        for m in SUBQUERY.finditer(bl):
            if re.search(r'\bDISTINCT\s*$', bl[:m.start()], re.I):
                continue  # IS [NOT] DISTINCT FROM (SELECT …): a value, not a table
            c = close_paren(bl, bl.index('(', m.start()))
            if ALIAS_FOLLOWERS.match(bl, c + 1):
                out.append((m.start(), 'a subquery in FROM without a name',
                            'FROM (SELECT …) AS name (PostgreSQL 15 requires the name)'))
        u = UPSERT.search(bl)
        if u:
            for a in re.finditer(r'(?:^|,)\s*(\w+)\s*=\s*((?:[^,()]|\([^()]*\))*)', u.group(1)):
                col, expr = a.group(1), a.group(2)
                if re.search(r'(?<![.\w])%s\b(?!\s*\.)' % re.escape(col), expr):
                    out.append((u.start(1) + a.start(2), 'a bare column in DO UPDATE SET',
                                "TABLE.%s for the old value, excluded.%s for the new (a bare %s is ambiguous "
                                "on PostgreSQL)" % (col, col, col)))
    return out


def statements(text):
    """Each run of adjacent string literals (one SQL text): (pieces, body),
    pieces being (offset in body, position in text); #define bodies too."""
    runs = []

    def scan(toks, base):
        cur = None
        for k, a, b, v in toks:
            if k == 'str':
                body = literal_body((k, a, b, v))
                if cur is None:
                    cur = [[], '']
                cur[0].append((len(cur[1]), base + a))
                cur[1] += body
            elif k == 'pp' and re.match(r'\s*#\s*define\b', v):
                if cur:
                    runs.append(cur)
                cur = None
                scan(tokens(v.replace('\\\n', ' \n').replace('#', ' ', 1)), base + a)
            elif k in ('ws', 'comment') or (k == 'punct' and v == '\\'):
                continue
            else:
                if cur:
                    runs.append(cur)
                cur = None
        if cur:
            runs.append(cur)
    scan(tokens(text), 0)
    return runs


def check_dialect(root):
    problems = []
    nfiles = 0
    for d in ('src/domain', 'src/audit', 'src/demo'):
        base = os.path.join(root, d)
        if not os.path.isdir(base):
            continue
        for name in sorted(os.listdir(base)):
            if not name.endswith(('.c', '.h')):
                continue
            path = os.path.join(base, name)
            rel = os.path.relpath(path, root)
            nfiles += 1
            with open(path, encoding='utf-8') as f:
                text = f.read()
            for pieces, body in statements(text):
                if not SQL_STATEMENT.search(body):
                    continue  # a message or a label, not SQL
                body = body.replace('\\n', '\n').replace('\\t', '\t').replace("\\'", "'").replace('\\"', '"')
                for off, what, use in sql_problems(body):
                    pos = [p for o, p in pieces if o <= off][-1] if pieces else 0
                    problems.append('%s:%d: %s is SQLite-only; use %s' % (rel, line_of(text, pos), what, use))
    mig = os.path.join(root, 'src/store/migrations')
    if os.path.isdir(mig):
        for name in sorted(os.listdir(mig)):
            if not name.endswith('.sql'):
                continue
            if os.path.exists(os.path.join(mig, 'pg', name)):
                continue  # its PostgreSQL text is written out in migrations/pg/
            nfiles += 1
            with open(os.path.join(mig, name), encoding='utf-8') as f:
                text = f.read()
            text = re.sub(r'--[^\n]*', lambda m: ' ' * len(m.group()), text)
            for off, what, use in sql_problems(text, migration=True):
                problems.append('src/store/migrations/%s:%d: %s is SQLite-only; use %s' %
                                (name, line_of(text, off), what, use))
    return problems, nfiles


def main(argv):
    if len(argv) >= 2 and argv[1] == 'dialect':
        problems, n = check_dialect(argv[2] if len(argv) > 2 else ROOT)
        for p in problems:
            print(p)
        print('dialect: %d problem%s in %d files in src/domain, src/audit, src/demo and the migrations' %
              (len(problems), '' if len(problems) == 1 else 's', n))
        return 1 if problems else 0
    if len(argv) < 2 or argv[1] not in ('calls', 'layers'):
        sys.stderr.write(__doc__)
        return 2
    if argv[1] == 'calls':
        files = argv[2:]
        if not files:
            for d in ('src', 'tests/unit'):
                for dirpath, _, names in os.walk(os.path.join(ROOT, d)):
                    files += [os.path.join(dirpath, n) for n in sorted(names) if n.endswith('.c')]
        problems, n = check_calls(files)
        what = n
    else:
        args = argv[2:]
        excepted = [args[i + 1] for i, a in enumerate(args[:-1]) if a == '--except']
        rest = [a for i, a in enumerate(args) if a != '--except' and (i == 0 or args[i - 1] != '--except')]
        problems, n = check_layers(rest[0] if rest else ROOT)
        waived = [p for p in problems if p.split(':')[0] in excepted]
        problems = [p for p in problems if p not in waived]
        for p in waived:
            print('excepted (in flight elsewhere): ' + p)
        what = '%d files in src/web and src/cli' % n
    for p in problems:
        print(p)
    print('%s: %d problem%s in %s' % (argv[1], len(problems), '' if len(problems) == 1 else 's', what))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
