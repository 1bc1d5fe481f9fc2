#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: initdb into a temporary folder, listening on 127.0.0.1
# only (a free port, trust authentication for that address and nothing else, no Unix socket), its URL in
# TEST_POSTGRES_URL, and the cluster stopped and deleted when the command ends, however it ends.
#   tests/postgres/with-cluster.sh npx vitest run
# Installs Debian's postgresql package when no PostgreSQL is found and this runs as root with apt.
set -euo pipefail

find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return 0; fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

if ! bindir=$(find_bindir); then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's postgresql for the PostgreSQL suites…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    bindir=$(find_bindir)
  else
    echo "PostgreSQL is not installed: install it (Debian: apt-get install postgresql) to run the PostgreSQL suites." >&2
    exit 1
  fi
fi

# initdb refuses to run as root: the cluster belongs to the postgres user then.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi

# as root the postgres user must reach the folder: /tmp, whatever TMPDIR says
if [ "$(id -u)" -eq 0 ]; then cluster=$(mktemp -d /tmp/hopdrill-pg-XXXXXX); else cluster=$(mktemp -d "${TMPDIR:-/tmp}/hopdrill-pg-XXXXXX"); fi
chmod 0755 "$cluster"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$cluster"; fi

stop_cluster() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

"${as_owner[@]}" "$bindir/initdb" -D "$cluster/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
  >"$cluster/initdb.log" 2>&1 || { cat "$cluster/initdb.log" >&2; exit 1; }
# Only TCP on the loopback address, and only that address may connect (without a password).
printf 'host all all 127.0.0.1/32 trust\n' >"$cluster/data/pg_hba.conf"

started=""
for _ in 1 2 3; do
  port=$(free_port)
  if "${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='' -c fsync=off -c max_connections=200" \
    start >/dev/null; then
    started=yes
    break
  fi
done
if [ -z "$started" ]; then
  echo "The throwaway PostgreSQL cluster did not start:" >&2
  cat "$cluster/server.log" >&2
  exit 1
fi

export TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway cluster in $cluster)"
"$@"
