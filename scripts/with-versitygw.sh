#!/usr/bin/env bash
# with-versitygw.sh CMD ARGS... runs CMD beside a throwaway S3 server:
# versitygw (github.com/versity/versitygw) with its posix backend in a
# temporary directory, listening on a free port of 127.0.0.1 only.
#
# The server binary is built once with `go install` of the pinned version
# into a cache directory ($SEALSTREAM_TOOLS, default ~/.cache/sealstream-tools;
# cache it in CI: the first build takes minutes). $VERSITYGW names a binary
# to use instead. The script creates a bucket, generates fresh credentials
# and exports
#
#   SEALSTREAM_TEST_S3_URL=s3://sealstream-test?endpoint=http://127.0.0.1:PORT&region=us-east-1
#   SEALSTREAM_TEST_S3_ACCESS_KEY=…   SEALSTREAM_TEST_S3_SECRET_KEY=…
#
# then runs CMD. On exit it stops the server, removes the directory and
# exits with CMD's status.
set -euo pipefail

version=v1.8.0
bucket=sealstream-test

log() { echo "with-versitygw: $*" >&2; }

if [ "$#" -eq 0 ]; then
	echo "usage: $0 CMD [ARGS...]" >&2
	exit 2
fi

bin=${VERSITYGW:-}
if [ -z "$bin" ]; then
	cache="${SEALSTREAM_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/sealstream-tools}/versitygw-$version"
	bin="$cache/versitygw"
	if [ ! -x "$bin" ]; then
		log "building versitygw $version into $cache (once; takes a few minutes)"
		mkdir -p "$cache"
		# Outside any module, so the repository's go.mod files play no part.
		(cd "$cache" && GOBIN="$cache" GOFLAGS=-buildvcs=false \
			go install "github.com/versity/versitygw/cmd/versitygw@$version") >&2
	fi
fi
if [ ! -x "$bin" ]; then
	log "no versitygw binary at $bin"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sealstream-s3.XXXXXX")
chmod 700 "$tmp"
pid=

cleanup() {
	local status=$?
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 1 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

root="$tmp/root"
mkdir -p "$root"
access="AK$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
secret=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

up=0
for attempt in $(seq 1 20); do
	port=$((20000 + RANDOM % 40000))
	port_free "$port" || continue
	# The credentials go through the environment, not the command line.
	ROOT_ACCESS_KEY_ID="$access" ROOT_SECRET_ACCESS_KEY="$secret" \
		"$bin" -q --port "127.0.0.1:$port" posix "$root" >"$tmp/server.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 100); do
		if ! kill -0 "$pid" 2>/dev/null; then
			break
		fi
		if ! port_free "$port"; then
			up=1
			break
		fi
		sleep 0.1
	done
	[ "$up" -eq 1 ] && break
	log "start on port $port failed (attempt $attempt)"
	tail -n 5 "$tmp/server.log" >&2 || true
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	pid=
done
if [ "$up" -ne 1 ]; then
	log "could not start the server"
	exit 1
fi

# A bucket of the posix backend is a directory of its root.
mkdir "$root/$bucket"

export SEALSTREAM_TEST_S3_URL="s3://$bucket?endpoint=http://127.0.0.1:$port&region=us-east-1"
export SEALSTREAM_TEST_S3_ACCESS_KEY="$access"
export SEALSTREAM_TEST_S3_SECRET_KEY="$secret"
log "server $version on 127.0.0.1:$port"

set +e
"$@"
status=$?
set -e
exit "$status"
