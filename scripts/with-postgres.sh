#!/usr/bin/env bash
# with-postgres.sh CMD ARGS... runs CMD beside a throwaway PostgreSQL server.
#
# It installs Debian's postgresql package if no initdb is found, creates a
# cluster in a temporary directory, starts it on a free port of 127.0.0.1
# (its unix socket in the same directory), creates a database and exports
#
#   SEALSTREAM_TEST_POSTGRES_URL=postgres://sealstream:PASSWORD@127.0.0.1:PORT/sealstream_test?sslmode=disable
#
# then runs CMD. On exit it stops the server, removes the directory and
# exits with CMD's status. PostgreSQL refuses to run as root, so as root the
# server runs as the "postgres" user (made by the package) or "nobody".
set -euo pipefail

log() { echo "with-postgres: $*" >&2; }

if [ "$#" -eq 0 ]; then
	echo "usage: $0 CMD [ARGS...]" >&2
	exit 2
fi

find_bindir() {
	local initdb
	if initdb=$(command -v initdb 2>/dev/null); then
		dirname "$(readlink -f "$initdb")"
		return
	fi
	# Debian keeps the server binaries out of PATH; take the newest version.
	ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true
}

bindir=$(find_bindir)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		log "initdb not found; install Debian's postgresql package (or run as root)"
		exit 1
	fi
	log "installing Debian's postgresql package"
	# Only the binaries are wanted: no default cluster, no service started.
	mkdir -p /etc/postgresql-common/createcluster.d
	echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/sealstream-tests.conf
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq postgresql >&2
	bindir=$(find_bindir)
fi
log "using $bindir"

run_as=()
owner=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
	owner=postgres
	id -u "$owner" >/dev/null 2>&1 || owner=nobody
	run_as=(runuser -u "$owner" --)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sealstream-pg.XXXXXX")
chmod 700 "$tmp"
pgdata="$tmp/data"
started=0

cleanup() {
	local status=$?
	if [ "$started" -eq 1 ]; then
		(cd "$tmp" && "${run_as[@]}" "$bindir/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1) ||
			log "pg_ctl stop failed"
	fi
	rm -rf "$tmp"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
printf '%s\n' "$password" >"$tmp/pwfile"
chown -R "$owner" "$tmp"

# Run from $tmp: the server user may not be able to enter the caller's directory.
cd "$tmp"
"${run_as[@]}" "$bindir/initdb" -D "$pgdata" -U sealstream --pwfile="$tmp/pwfile" \
	--auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >"$tmp/initdb.log" 2>&1 || {
	cat "$tmp/initdb.log" >&2
	exit 1
}
rm -f "$tmp/pwfile"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for attempt in $(seq 1 20); do
	port=$((20000 + RANDOM % 40000))
	port_free "$port" || continue
	if "${run_as[@]}" "$bindir/pg_ctl" -D "$pgdata" -l "$tmp/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$tmp -c max_connections=200 -c fsync=on -c synchronous_commit=on" \
		start >/dev/null; then
		started=1
		break
	fi
	log "start on port $port failed (attempt $attempt)"
	tail -n 5 "$tmp/server.log" >&2 || true
done
if [ "$started" -ne 1 ]; then
	log "could not start the server"
	exit 1
fi

"${run_as[@]}" "$bindir/createdb" -h "$tmp" -p "$port" -U sealstream sealstream_test
cd "$OLDPWD"

export SEALSTREAM_TEST_POSTGRES_URL="postgres://sealstream:$password@127.0.0.1:$port/sealstream_test?sslmode=disable"
log "server on 127.0.0.1:$port"

set +e
"$@"
status=$?
set -e
exit "$status"
