# tests/anon_search.py — the search that proves an anonymous route keeps
# nothing identifying (tests/e2e/intel_anon.sh, tests/e2e/ethics.sh).
# usage: anon_search.py DB ADDRESS USER_AGENT RECEIPT T0 T1 FILE...
# Looks in every FILE (the database, its WAL, the server's logs) and every
# cell of every table of DB (as text and as hex) for the address (as text,
# and as its four bytes in the database files), the user agent, the receipt
# (with and without its spaces) and each second from T0 to T1 (as HH:MM:SS,
# THHMMSS and unix time). Prints what it searched and each FOUND; exits 1
# when anything was found. On PostgreSQL (tests/pg.sh sets PROBITY_E2E_PG)
# DB names the same database as tests/pg_wrap.sh gives the binary: every
# cell of its tables is read through psql (bytea decoded to its bytes), and
# its relation files (after a CHECKPOINT) stand for the database file; the
# cluster's WAL is shared with the other tests running and is not searched.
import hashlib, os, sqlite3, subprocess, sys, time
db, addr, ua, receipt, t0, t1 = sys.argv[1:7]
files = sys.argv[7:]
needles = {'address': addr.encode(), 'address bytes': bytes(int(x) for x in addr.split('.')),
           'user agent': ua.encode(), 'user agent (part)': ua.split()[-1].strip('()').encode(),
           'receipt': receipt.encode(), 'receipt digits': receipt.replace(' ', '').encode()}
for t in range(int(t0), int(t1) + 1):
    needles['time ' + time.strftime('%H:%M:%S', time.gmtime(t))] = time.strftime('%H:%M:%S', time.gmtime(t)).encode()
    needles['time ' + time.strftime('%H%M%S', time.gmtime(t))] = time.strftime('T%H%M%S', time.gmtime(t)).encode()
    needles['unix time %d' % t] = str(t).encode()
for k, v in list(needles.items()):
    if k.startswith('address bytes'):
        continue
    needles[k + ' as hex'] = v.hex().encode()
    needles[k + ' as HEX'] = v.hex().upper().encode()
found = []
nfiles = 0
cells = 0
base = os.path.basename(db)
pg = os.environ.get('PROBITY_E2E_PG')
if pg:
    pg_name = 'e2e_' + hashlib.md5(db.encode()).hexdigest()[:16]
    pg_conn = [os.path.join(os.environ['PG_BIN'], 'psql'), '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1',
               '-h', os.environ['PG_DIR'], '-p', os.environ['PG_PORT'], '-U', os.environ['PG_USER'], '-d', pg_name]

    def psql(sql, fs='|', rs='\n'):
        return subprocess.run(pg_conn + ['-F', fs, '-R', rs, '-c', sql], check=True,
                              capture_output=True).stdout.decode('utf-8', 'replace')
    psql('CHECKPOINT')
    rel = os.path.join(os.environ['PG_DIR'], 'data', 'base',
                       psql("SELECT oid FROM pg_database WHERE datname = '%s'" % pg_name).strip())
    files = files + [os.path.join(rel, f) for f in sorted(os.listdir(rel))]
for p in files:
    if not os.path.isfile(p):
        continue
    data = open(p, 'rb').read()
    nfiles += 1
    n = os.path.basename(p)
    if pg and p.startswith(rel):
        n = base + ' relation ' + n
    for k, v in needles.items():
        if k == 'address bytes' and not n.startswith(base):
            continue
        if v in data:
            found.append('%s in file %s' % (k, n))


def look(t, v):
    global cells
    cells += 1
    b = v if isinstance(v, bytes) else str(v).encode()
    for k, n in needles.items():
        if n in b or n in b.hex().encode() or n in b.hex().upper().encode():
            found.append('%s in table %s' % (k, t))


if pg:
    for t in psql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                  "AND table_type = 'BASE TABLE'").split():
        for row in psql('SELECT * FROM "%s"' % t, '\x1f', '\x1e').split('\x1e'):
            if not row:
                continue
            for v in row.split('\x1f'):
                look(t, bytes.fromhex(v[2:]) if v.startswith('\\x') else v)
else:
    con = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
    for (t,) in con.execute("select name from sqlite_master where type = 'table'"):
        for row in con.execute('select * from "%s"' % t):
            for v in row:
                look(t, v)
print('searched %d files and %d cells for %d strings' % (nfiles, cells, len(needles)))
for f in sorted(set(found)):
    print('FOUND ' + f)
sys.exit(1 if found else 0)
