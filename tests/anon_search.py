# tests/anon_search.py — the search that proves an anonymous route keeps
# nothing identifying (tests/e2e/intel_anon.sh, tests/e2e/ethics.sh).
# usage: anon_search.py DB ADDRESS USER_AGENT RECEIPT T0 T1 FILE...
# Looks in every FILE (the database, its WAL, the server's logs) and every
# cell of every table of DB (as text and as hex) for the address (as text,
# and as its four bytes in the database files), the user agent, the receipt
# (with and without its spaces) and each second from T0 to T1 (as HH:MM:SS,
# THHMMSS and unix time). Prints what it searched and each FOUND; exits 1
# when anything was found.
import os, sqlite3, sys, time
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
base = os.path.basename(db)
for p in files:
    if not os.path.isfile(p):
        continue
    data = open(p, 'rb').read()
    nfiles += 1
    n = os.path.basename(p)
    for k, v in needles.items():
        if k == 'address bytes' and not n.startswith(base):
            continue
        if v in data:
            found.append('%s in file %s' % (k, n))
con = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
cells = 0
for (t,) in con.execute("select name from sqlite_master where type = 'table'"):
    cur = con.execute('select * from "%s"' % t)
    for row in cur:
        for v in row:
            cells += 1
            b = v if isinstance(v, bytes) else str(v).encode()
            for k, n in needles.items():
                if n in b or n in b.hex().encode() or n in b.hex().upper().encode():
                    found.append('%s in table %s' % (k, t))
print('searched %d files and %d cells for %d strings' % (nfiles, cells, len(needles)))
for f in sorted(set(found)):
    print('FOUND ' + f)
sys.exit(1 if found else 0)
